import { bakePng, bakeSvg, readRegularFileBytes, writeFileAtomic } from '@carepass/credentials';
import { type Command, defineCommand } from '../command.js';
import { EXIT_OK, UsageError } from '../exit-codes.js';
import { MAX_INPUT_BYTES } from '../files.js';
import { emitResult, jsonFlag, requireString } from './shared.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const bake = defineCommand({
  path: ['bake'],
  summary: 'Bake a credential into its badge image (PNG or SVG), as Open Badges 3.0 describes, so the worker has one file to show and share.',
  usage: 'bake --image <png|svg> --credential <file> --out <file> [--json]',
  description:
    'The credential (a signed JSON credential, or a compact VC-JWT) goes into a PNG as an iTXt chunk with keyword openbadgecredential, or into an SVG as an <openbadges:credential> element; a credential already baked in the image is replaced. The image is never rendered and no SVG script is run. `carepass verify` reads baked images back. Exit 0 when written, 2 for an unreadable image or credential.',
  examples: ['carepass bake --image badge.svg --credential c12.json --out c12.svg', 'carepass verify c12.svg'],
  options: {
    image: { type: 'string', description: 'the badge image: PNG or SVG', valueName: 'file' },
    credential: { type: 'string', description: 'the signed credential: JSON, or a compact VC-JWT', valueName: 'file' },
    out: { type: 'string', description: 'where to write the baked image (whole or not at all)', valueName: 'file' },
    json: jsonFlag,
  },
  positionals: [0, 0],
  async run(context) {
    const cwd = context.io.cwd;
    const imagePath = requireString(context, 'image');
    const credentialPath = requireString(context, 'credential');
    const out = requireString(context, 'out');
    const image = await readRegularFileBytes(imagePath, { cwd, maxBytes: MAX_INPUT_BYTES, expected: 'a PNG or SVG image' });
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
    const png = PNG_SIGNATURE.every((byte, index) => image[index] === byte);
    const baked = png ? bakePng(image, credential) : bakeSvg(new TextDecoder().decode(image), credential);
    await writeFileAtomic(out, baked, { cwd, createFolders: true, what: 'the baked image' });
    emitResult(context, `baked ${credentialPath} into ${out} (${png ? 'PNG' : 'SVG'})`, { out, format: png ? 'png' : 'svg', credential: credentialPath });
    return EXIT_OK;
  },
});

/** The badge verbs: bake. */
export const badgeCommands: Command[] = [bake];
