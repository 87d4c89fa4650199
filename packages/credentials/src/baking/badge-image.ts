// A badge image for an achievement, drawn from its framework data: what was achieved, its code,
// the framework and the issuer. Plain SVG text (no script, no external references), so an issued
// credential carries an image the worker can show, share and bake into.

/** What a badge image shows. */
export interface BadgeImageInput {
  /** The achievement, e.g. `Basic life support`. */
  title: string;
  /** Its code in the framework, e.g. `12` (empty for a whole framework). */
  code?: string;
  /** The framework, e.g. `The Care Certificate (2025 revision)`. */
  framework: string;
  /** The issuer's name, when it has one. */
  issuer?: string;
}

const escape = (text: string): string => text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');

/** Breaks text into at most `lines` lines of about `width` characters, with an ellipsis when cut. */
function wrap(text: string, width: number, lines: number): string[] {
  const words = text.split(/\s+/u).filter(Boolean);
  const out: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && `${line} ${word}`.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  kept[lines - 1] = `${(kept[lines - 1] as string).slice(0, width - 1)}…`;
  return kept;
}

/** An SVG badge (240×240) for an achievement. Deterministic: the same input gives the same bytes. */
export function badgeImageSvg(input: BadgeImageInput): string {
  const title = wrap(input.title, 22, 3);
  const framework = wrap(input.framework, 30, 2);
  const text = (y: number, size: number, weight: string, value: string) => `<text x="120" y="${y}" font-size="${size}" font-weight="${weight}" text-anchor="middle">${escape(value)}</text>`;
  const parts = [
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240" viewBox="0 0 240 240" font-family="Helvetica, Arial, sans-serif" fill="#1d3557">',
    '<rect x="4" y="4" width="232" height="232" rx="28" fill="#f1faee" stroke="#1d3557" stroke-width="6"/>',
    ...(input.code ? [text(62, 40, 'bold', input.code)] : []),
    ...title.map((line, index) => text((input.code ? 100 : 80) + index * 22, 18, 'bold', line)),
    ...framework.map((line, index) => text(176 + index * 16, 12, 'normal', line)),
    ...(input.issuer ? [text(222, 11, 'normal', input.issuer.length > 34 ? `${input.issuer.slice(0, 33)}…` : input.issuer)] : []),
    '</svg>',
  ];
  return parts.join('');
}

/** The image as a `data:` URI, for an Open Badges `Image` (`{ id, type: "Image" }`). */
export function badgeImageDataUri(input: BadgeImageInput): string {
  const bytes = new TextEncoder().encode(badgeImageSvg(input));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}
