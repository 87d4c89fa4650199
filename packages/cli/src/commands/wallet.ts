// The wallet verbs: `offer` asks a running service for an OpenID4VCI offer and draws its QR code in
// the terminal; `wallet present` is a minimal reference holder that answers an OpenID4VP request.
// Both reach the network only at the address the user gives them.
import { resolve } from 'node:path';
import { readIssuerKeyFile } from '@carepass/credentials';
import { answerPresentationRequest, receiveCredentialOffer, renderQrCode } from '@carepass/exchange';
import { type Command, defineCommand } from '../command.js';
import { EXIT_NEGATIVE, EXIT_OK, UsageError } from '../exit-codes.js';
import { expandJsonPaths, readCredentialFile, readJsonFile, toJsonText, writeFileAtomic } from '../files.js';
import { jsonFlag, noteSkipped, requireString } from './shared.js';

const offer = defineCommand({
  path: ['offer'],
  summary: 'Ask a running Carepass service for an OpenID4VCI offer of a credential, and show its QR code for the worker\'s wallet.',
  usage: 'offer --credential <file> --service <url> [--token <token>] [--json]',
  description:
    'The file says what to offer, as the service\'s POST /offers takes it: { "achievement": { "competency" | "framework" | "microQualification": "…" }, "validFrom"?, "evidence"?, "format"?: "ldp_vc" | "jwt_vc_json" }. Prints the offer URI, its QR code in the terminal and the transaction code to give the worker another way (not with the QR code). --token is an OAuth bearer token with the issue scope (from the service\'s /oauth2/token). Exit 0 when the offer was made, 1 when the service refused it, 2 for bad usage or an unreachable service.',
  examples: ['carepass offer --credential standard-12.offer.json --service https://credentials.example --token "$TOKEN"'],
  options: {
    credential: { type: 'string', description: 'what to offer: the POST /offers body', valueName: 'file' },
    service: { type: 'string', description: 'the service\'s base URL', valueName: 'url' },
    token: { type: 'string', description: 'a bearer token with the issue scope', valueName: 'token' },
    json: jsonFlag,
  },
  positionals: [0, 0],
  async run(context) {
    const body = await readJsonFile(requireString(context, 'credential'), context.io.cwd);
    const service = requireString(context, 'service').replace(/\/+$/u, '');
    if (!/^https?:\/\/\S+$/u.test(service)) throw new UsageError('--service must be an http(s) URL');
    let response: Response;
    try {
      response = await fetch(`${service}/offers`, { method: 'POST', headers: { 'content-type': 'application/json', ...(context.values.token ? { authorization: `Bearer ${context.values.token}` } : {}) }, body: JSON.stringify(body) });
    } catch (error) {
      throw new UsageError(`cannot reach ${service}: ${(error as Error).message}`);
    }
    const answer = (await response.json().catch(() => ({}))) as { offerUri?: string; txCode?: string; expiresAt?: string; detail?: string; title?: string };
    if (!response.ok || typeof answer.offerUri !== 'string') {
      context.io.stderr(`carepass: the service refused the offer (${response.status}): ${answer.detail ?? answer.title ?? 'no reason given'}\n`);
      return EXIT_NEGATIVE;
    }
    if (context.values.json === true) context.io.stdout(toJsonText({ offerUri: answer.offerUri, txCode: answer.txCode ?? null, expiresAt: answer.expiresAt ?? null }));
    else {
      context.io.stdout(`${await renderQrCode(answer.offerUri, { format: 'terminal' })}\n${answer.offerUri}\n`);
      context.io.stdout(`transaction code: ${answer.txCode ?? '(none)'} (tell the worker another way); the offer expires ${answer.expiresAt ?? 'soon'}\n`);
    }
    return EXIT_OK;
  },
});

const walletPresent = defineCommand({
  path: ['wallet', 'present'],
  summary: 'Answer an OpenID4VP request with your credentials: a minimal reference holder for tests and demos.',
  usage: 'wallet present <request-uri> --key <file> <credential file|dir>… [--json]',
  description:
    'Resolves the openid4vp:// request (from the verifier\'s QR code), signs a presentation of the credentials with your key for the request\'s nonce and client id, and posts it to the verifier. Only the verifier named in the request is contacted. Exit 0 when the verifier accepted it, 1 when it refused it (its reason is printed), 2 for bad usage or a request this holder cannot answer.',
  examples: ['carepass wallet present "openid4vp://?client_id=…" --key worker.key.json worker/'],
  options: { key: { type: 'string', description: 'your (the worker\'s) key file', valueName: 'file' }, json: jsonFlag },
  positionals: [2, Number.POSITIVE_INFINITY],
  async run(context) {
    const [requestUri, ...paths] = context.positionals as [string, ...string[]];
    if (!requestUri.startsWith('openid4vp://')) throw new UsageError('the first argument must be an openid4vp:// request');
    const key = await readIssuerKeyFile(resolve(context.io.cwd, requireString(context, 'key')));
    const credentials: object[] = [];
    for (const file of await expandJsonPaths(paths, context.io.cwd, noteSkipped(context))) {
      const credential = await readCredentialFile(file, context.io.cwd);
      if (typeof credential !== 'object' || credential === null) throw new UsageError(`${file}: this holder presents JSON credentials only`);
      credentials.push(credential);
    }
    const result = await answerPresentationRequest({ requestUri, key, credentials, fetch: globalThis.fetch });
    const who = result.verifierName ? `${result.verifierName} (${result.verifier})` : result.verifier;
    if (context.values.json === true) context.io.stdout(toJsonText(result));
    else if (result.accepted) context.io.stdout(`${context.style.green('✓')} presented ${credentials.length} credential${credentials.length === 1 ? '' : 's'} to ${who}\n`);
    else context.io.stdout(`${context.style.red('✗')} ${who} refused the presentation (${result.status}): ${(result.body as { error_description?: string })?.error_description ?? JSON.stringify(result.body)}\n`);
    return result.accepted ? EXIT_OK : EXIT_NEGATIVE;
  },
});

const walletReceive = defineCommand({
  path: ['wallet', 'receive'],
  summary: 'Receive the credential of an OpenID4VCI offer into a folder: a minimal reference holder for tests and demos.',
  usage: 'wallet receive <offer-uri> --key <file> --out <dir> [--tx-code <code>] [--json]',
  description:
    'Takes the openid-credential-offer:// URI (from the issuer\'s QR code), exchanges it with the transaction code for an access token, proves you hold the key over a fresh nonce, and writes the credential it receives, bound to your key\'s did:key, to the folder (<id>.json, or .jwt for a VC-JWT). Only the issuer named in the offer is contacted. Exit 0 when received, 1 when the issuer refused (a wrong transaction code, a used or expired offer), 2 for bad usage or an offer this holder cannot take.',
  examples: ['carepass wallet receive "openid-credential-offer://?credential_offer=…" --key worker.key.json --tx-code 493817 --out worker/'],
  options: {
    key: { type: 'string', description: 'your (the worker\'s) key file', valueName: 'file' },
    out: { type: 'string', description: 'the folder to write the credential to', valueName: 'dir' },
    'tx-code': { type: 'string', description: 'the transaction code you were given', valueName: 'code' },
    json: jsonFlag,
  },
  positionals: [1, 1],
  async run(context) {
    const offerUri = context.positionals[0] as string;
    if (!offerUri.startsWith('openid-credential-offer://')) throw new UsageError('the argument must be an openid-credential-offer:// URI');
    const key = await readIssuerKeyFile(resolve(context.io.cwd, requireString(context, 'key')));
    const out = requireString(context, 'out');
    let received;
    try {
      received = await receiveCredentialOffer({ offerUri, key, ...(context.values['tx-code'] ? { txCode: context.values['tx-code'] } : {}), fetch: globalThis.fetch });
    } catch (error) {
      if ((error as { code?: string }).code === 'CREDENTIAL_INVALID') {
        context.io.stderr(`carepass: ${(error as Error).message}\n`);
        return EXIT_NEGATIVE;
      }
      throw error;
    }
    const files: string[] = [];
    for (const [index, credential] of received.credentials.entries()) {
      const id = typeof credential === 'object' && credential !== null && typeof (credential as { id?: unknown }).id === 'string' ? ((credential as { id: string }).id.split(':').at(-1) as string) : `credential-${index + 1}`;
      const file = `${out.replace(/\/+$/u, '')}/${id.replace(/[^A-Za-z0-9._-]/gu, '_')}.${typeof credential === 'string' ? 'jwt' : 'json'}`;
      await writeFileAtomic(file, typeof credential === 'string' ? `${credential}\n` : toJsonText(credential), { cwd: context.io.cwd });
      files.push(file);
    }
    if (context.values.json === true) context.io.stdout(toJsonText({ issuer: received.issuer, credentialConfigurationId: received.credentialConfigurationId, files }));
    else context.io.stdout(`${context.style.green('✓')} received ${files.length} credential${files.length === 1 ? '' : 's'} from ${received.issuer}: ${files.join(', ')}\n`);
    return EXIT_OK;
  },
});

/** The wallet verbs: offer, wallet receive, wallet present. */
export const walletCommands: Command[] = [offer, walletReceive, walletPresent];
