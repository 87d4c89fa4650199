// What the two ways of asking a wallet for credentials (OpenID4VP, VC API exchanges) share: the
// presentation is verified for the verifier's challenge and domain with holder binding, and the
// credentials it holds are assessed against the employer's framework.
import { type VerifyCredentialOptions, verifyPresentation, type VerifyPresentationResult } from '@carepass/credentials';
import type { FrameworkRegistry } from '@carepass/frameworks';
import { assessCredentials, createRecognitionEngine, type RecognitionEngine, type RecognitionReport } from '@carepass/portability';

/** How the credentials of an answer are checked: the status, trust and loader options of `verifyCredential`. */
export type PresentationCheckOptions = Pick<VerifyCredentialOptions, 'checkStatus' | 'checkTrust' | 'documentLoader' | 'failClosed' | 'issuerBinding'>;

/**
 * Verifies a worker's presentation made for this request: signed by its holder for `challenge` and
 * `domain`, the holder the subject of every credential, each credential verified with `verify`.
 * Gives the reason for a refusal, naming the first check that failed.
 */
export async function verifyWorkerPresentation(presentation: unknown, options: { challenge: string; domain: string; verify: PresentationCheckOptions; now: Date }): Promise<{ result: VerifyPresentationResult; holder: string } | { result: VerifyPresentationResult; reason: string }> {
  const result = await verifyPresentation(presentation, { ...options.verify, challenge: options.challenge, domain: options.domain, holderBinding: true, requireProof: true, now: options.now });
  if (result.verified && result.holder) return { result, holder: result.holder };
  const failed = [...result.checks, ...result.credentials.flatMap((credential) => credential.checks)].find((check) => !check.ok);
  return { result, reason: `the presentation does not verify: ${failed ? `${failed.check}: ${failed.code}: ${failed.message}` : result.verified ? 'it names no holder' : 'refused'}` };
}

/** Recognition engines by target framework, each created once (creating one indexes the frameworks). */
export function createEngineCache(registry?: FrameworkRegistry): (target: string) => RecognitionEngine {
  const engines = new Map<string, RecognitionEngine>();
  return (target) => {
    let engine = engines.get(target);
    if (!engine) engines.set(target, (engine = createRecognitionEngine({ target, ...(registry ? { registry } : {}) })));
    return engine;
  };
}

/** Assesses the credentials the presentations hold, each verified again on its own, against the engine's framework. */
export function assessPresented(engine: RecognitionEngine, presentations: readonly unknown[], options: { verify: PresentationCheckOptions; now: Date }): Promise<RecognitionReport> {
  const held = presentations.flatMap((presentation) => [(presentation as { verifiableCredential?: unknown }).verifiableCredential ?? []].flat());
  return assessCredentials(engine, held.map((credential, index) => ({ credential, source: `presentation#verifiableCredential[${index}]` })), { verify: { ...options.verify, now: options.now } });
}
