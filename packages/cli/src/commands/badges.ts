import { bakePng, bakeSvg, readRegularFileBytes, writeFileAtomic } from '@carepass/credentials';
import { type Command, defineCommand } from '../command.js';
import { EXIT_OK, UsageError } from '../exit-codes.js';
import { MAX_INPUT_BYTES } from '../files.js';
import { emitResult, jsonFlag, requireString } from './shared.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The SVG badge image a credential carries as a data URI (its achievement's image, as Carepass issues one). */
function ownImage(credential: object | string, path: string): Uint8Array {
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

/** The badge verbs: bake. */
export const badgeCommands: Command[] = [bake];
