export interface RateLimit {
  max: number;
  windowMs: number;
}

/** Everything the API needs from the host; apps/server reads it from the environment. */
export interface ApiConfig {
  jwtSecret: string;
  sessionTtlSeconds: number;
  limits: {
    loginPerIp: RateLimit;
    /** failed sign-ins per account */
    loginPerAccount: RateLimit;
    registerPerIp: RateLimit;
    sendsPerUser: RateLimit;
  };
}

export const defaultLimits: ApiConfig['limits'] = {
  loginPerIp: { max: 30, windowMs: 60_000 },
  loginPerAccount: { max: 10, windowMs: 15 * 60_000 },
  registerPerIp: { max: 20, windowMs: 60_000 },
  sendsPerUser: { max: 30, windowMs: 10_000 },
};
