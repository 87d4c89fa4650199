import { resolve } from 'node:path';
import { bakePng, bakeSvg, createEndorsementCredential, decodeCredentialJwt, getIssuerId, readIssuerKeyFile, readRegularFileBytes, signCredential, signCredentialJwt, writeFileAtomic } from '@carepass/credentials';
import { builtInRegistry, isPublicationRef } from '@carepass/frameworks';
import { type Command, type CommandContext, defineCommand } from '../command.js';
import { EXIT_OK, UsageError } from '../exit-codes.js';
import { MAX_INPUT_BYTES, readJsonFile } from '../files.js';
import { emitJson, emitResult, emitText, isoOf, jsonFlag, outFlag, requireString } from './shared.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The SVG badge image a credential carries as a data URI (its achievement's image, as Carepass issues one). */
function ownImage(input: object | string, path: string): Uint8Array {
  const credential = typeof input === 'string' ? decodeCredentialJwt(input)?.credential : input;
  const subject = typeof credential === 'object' ? [(credential as { credentialSubject?: unknown }).credentialSubject].flat()[0] : undefined;
  const achievement = (subject as { achievement?: { image?: { id?: unknown } | string } } | undefined)?.achievement;
  const id = typeof achievement?.image === 'string' ? achievement.image : achievement?.image?.id;
  const match = typeof id === 'string' ? /^data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)$/u.exec(id) : null;
  if (!match) throw new UsageError(`${path}: the credential carries no SVG badge image; give one with --image`);
  return Uint8Array.from(atob(match[1] as string), (character) => character.charCodeAt(0));
}

const bake = defineCommand({
  path: ['bake'],
  summary: 'Bake a credential into its badge image (PNG or SVG), as Open Badges 3.0 describes, so the worker has one file to show and share.',
  usage: 'bake --credential <file> --out <file> [--image <png|svg>] [--json]',
  description:
    'Without --image, the badge image the credential carries (its achievement\'s image, as Carepass issues one) is used. The credential (a signed JSON credential, or a compact VC-JWT) goes into a PNG as an iTXt chunk with keyword openbadgecredential, or into an SVG as an <openbadges:credential> element; a credential already baked in the image is replaced. The image is never rendered and no SVG script is run. `carepass verify` reads baked images back. Exit 0 when written, 2 for an unreadable image or credential.',
  examples: ['carepass bake --credential c12.json --out c12.svg', 'carepass bake --image badge.png --credential c12.json --out c12.png', 'carepass verify c12.svg'],
  options: {
    image: { type: 'string', description: 'the badge image: PNG or SVG; default the image the credential carries', valueName: 'file' },
    credential: { type: 'string', description: 'the signed credential: JSON, or a compact VC-JWT', valueName: 'file' },
    out: { type: 'string', description: 'where to write the baked image (whole or not at all)', valueName: 'file' },
    json: jsonFlag,
  },
  positionals: [0, 0],
  async run(context) {
    const cwd = context.io.cwd;
    const imagePath = context.values.image;
    const credentialPath = requireString(context, 'credential');
    const out = requireString(context, 'out');
    const raw = new TextDecoder().decode(await readRegularFileBytes(credentialPath, { cwd, maxBytes: MAX_INPUT_BYTES, expected: 'a credential file' })).trim();
    let credential: object | string;
    if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/u.test(raw)) credential = raw;
    else {
      try {
        credential = JSON.parse(raw) as object;
      } catch {
        throw new UsageError(`${credentialPath}: neither a JSON credential nor a compact VC-JWT`);
      }
      if (typeof credential !== 'object' || credential === null || Array.isArray(credential)) throw new UsageError(`${credentialPath}: a credential must be a JSON object`);
    }
    const image = imagePath ? await readRegularFileBytes(imagePath, { cwd, maxBytes: MAX_INPUT_BYTES, expected: 'a PNG or SVG image' }) : ownImage(credential, credentialPath);
    const png = PNG_SIGNATURE.every((byte, index) => image[index] === byte);
    const baked = png ? bakePng(image, credential) : bakeSvg(new TextDecoder().decode(image), credential);
    await writeFileAtomic(out, baked, { cwd, createFolders: true, what: 'the baked image' });
    emitResult(context, `baked ${credentialPath} into ${out} (${png ? 'PNG' : 'SVG'})`, { out, format: png ? 'png' : 'svg', credential: credentialPath });
    return EXIT_OK;
  },
});

/** The id an `--issuer` value names: a DID or URL as it is, or the issuer DID of a key file. */
async function endorsedIssuer(context: CommandContext, value: string): Promise<string> {
  if (/^did:[a-z0-9]+:\S+$/u.test(value) || /^https?:\/\/\S+$/u.test(value)) return value;
  try {
    return getIssuerId(await readJsonFile(value, context.io.cwd));
  } catch (error) {
    throw new UsageError(`--issuer ${value}: neither a DID or URL nor a key file (${(error as Error).message})`);
  }
}

/** The id an `--achievement` value names: a competency (slug@version#code), a framework or micro-qualification (slug[@version]), or a URL. */
function endorsedAchievement(value: string): string {
  if (/^https?:\/\/\S+$/u.test(value) || /^urn:\S+$/u.test(value)) return value;
  if (!isPublicationRef(value)) throw new UsageError(`--achievement ${value}: give a competency (care-certificate@2025#12), a framework or micro-qualification (slug[@version]), or a URL`);
  const registry = builtInRegistry();
  return value.includes('#') ? registry.resolveCompetency(value).uri : registry.get(value).id;
}

const endorse = defineCommand({
  path: ['endorse'],
  summary: 'Endorse a training provider (an issuer) or an achievement: a signed Open Badges 3.0 EndorsementCredential.',
  usage: 'endorse --key <file> (--issuer <did|key file> | --achievement <ref>) --comment <text> [--name <text>] [--valid-until <date>] [--endorser-name <name>] [--format json|jwt] [--out <file>]',
  description:
    'A standards body endorses a training provider, or an achievement, in a credential of its own. Give it to verifiers beside the credentials (carepass verify … --endorsement FILE): they report it, and a trust registry that names the endorser (trust add --endorser) trusts the providers it endorses within the endorser\'s scope. --issuer takes a DID or URL, or the provider\'s public key file; --achievement a competency (care-certificate@2025#12), a framework or micro-qualification, or a URL. Exit 0 when written, 2 for bad usage.',
  examples: [
    'carepass endorse --key standards-body.key.json --issuer did:key:z6Mk… --comment "Endorsed training provider for the Care Certificate" --endorser-name "Example Standards Body" --out endorsement.json',
    'carepass endorse --key standards-body.key.json --achievement dementia-types-and-care --comment "Meets the national dementia training standard" --format jwt --out endorsement.jwt',
  ],
  options: {
    key: { type: 'string', description: 'the endorser\'s key file', valueName: 'file' },
    issuer: { type: 'string', description: 'the issuer endorsed: a DID or URL, or its public key file', valueName: 'did|file' },
    achievement: { type: 'string', description: 'the achievement endorsed: slug@version#code, slug[@version], or a URL', valueName: 'ref' },
    comment: { type: 'string', description: 'what the endorsement says (endorsementComment)', valueName: 'text' },
    name: { type: 'string', description: 'a name for the endorsement', valueName: 'text' },
    'endorser-name': { type: 'string', description: 'the endorser\'s name for its profile', valueName: 'name' },
    'valid-from': { type: 'string', description: 'start of validity (default now)', valueName: 'iso' },
    'valid-until': { type: 'string', description: 'end of validity, e.g. when it is due for review', valueName: 'iso' },
    format: { type: 'string', description: 'json (default: Data Integrity proof) or jwt', valueName: 'format' },
    out: outFlag,
  },
  positionals: [0, 0],
  async run(context) {
    const { values } = context;
    const key = await readIssuerKeyFile(resolve(context.io.cwd, requireString(context, 'key')));
    if ((typeof values.issuer === 'string') === (typeof values.achievement === 'string')) throw new UsageError('give either --issuer or --achievement: what is endorsed');
    const comment = requireString(context, 'comment');
    const format = values.format ?? 'json';
    if (format !== 'json' && format !== 'jwt') throw new UsageError(`--format must be json or jwt, not "${String(format)}"`);
    const subject = typeof values.issuer === 'string' ? await endorsedIssuer(context, values.issuer) : endorsedAchievement(values.achievement as string);
    const validFrom = isoOf(context, 'valid-from');
    const validUntil = isoOf(context, 'valid-until');
    const unsigned = createEndorsementCredential(
      { subject, comment, ...(typeof values.name === 'string' ? { name: values.name } : {}), ...(validFrom ? { validFrom } : {}), ...(validUntil ? { validUntil } : {}) },
      { endorserId: key.controller, ...(typeof values['endorser-name'] === 'string' ? { issuer: { name: values['endorser-name'] } } : {}) },
    );
    if (format === 'jwt') await emitText(context, `${await signCredentialJwt(unsigned, { key })}\n`);
    else await emitJson(context, await signCredential(unsigned, { key, proofAsArray: true }));
    return EXIT_OK;
  },
});

/** The badge verbs: bake, endorse. */
export const badgeCommands: Command[] = [bake, endorse];
