// The page forbids eval (Content-Security-Policy without 'unsafe-eval'). zod probes for eval
// support at startup, which the browser reports as a violation; this tells zod not to try. It
// must be imported before anything that loads zod.
(globalThis as { __zod_globalConfig?: { jitless?: boolean } }).__zod_globalConfig = { jitless: true };
export {};
