import { useEffect, useState } from 'react';

/** A fenced code block: monospace, scrolls sideways rather than wrapping, with a copy button. */
export function CodeBlock({ code }: { code: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  const text = code.replace(/\n$/, '');
  return (
    <div className="code-block">
      <pre>
        <code>{text}</code>
      </pre>
      <button
        type="button"
        className="code-copy"
        aria-label={copied ? 'Copied' : 'Copy code'}
        onClick={() => {
          navigator.clipboard?.writeText(text).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}
