import { publicProcedure } from '../procedures.js';
import type { Services } from '../services/index.js';
import { teamInfo, type TeamInfo } from '../services/team.js';
import { router } from '../trpc.js';

export function teamRouter(s: Services) {
  return router({
    /** Public: the team's name, whether the server still needs setting up, the sign-up mode, whether resets go by e-mail. */
    info: publicProcedure.query((): TeamInfo => teamInfo(s)),
  });
}
