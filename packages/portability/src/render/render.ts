import type { RecognitionReport, RecognitionStatus } from '../recognition/types.js';

/** Words for each status, as a care manager would say them. */
export const STATUS_LABELS: Readonly<Record<RecognitionStatus, string>> = {
  recognised: 'Recognised',
  'recognised-pending-observation': 'Observation needed',
  'refresh-due': 'Refresher due',
  partial: 'Top-up needed',
  gap: 'Gap',
};

/** Colours and emphasis for {@link formatRecognitionText}; each function wraps text (identity for plain output). */
export interface TextStyle {
  /** Emphasis for headings. */
  bold: (text: string) => string;
  /** De-emphasis for labels. */
  dim: (text: string) => string;
  /** Recognised, counted. */
  green: (text: string) => string;
  /** Gaps, rejections. */
  red: (text: string) => string;
  /** Refreshers, top-ups. */
  yellow: (text: string) => string;
  /** Observations. */
  cyan: (text: string) => string;
}

const same = (text: string): string => text;
const PLAIN: TextStyle = { bold: same, dim: same, green: same, red: same, yellow: same, cyan: same };

const MARKS: Record<RecognitionStatus, string> = { recognised: '✓', 'recognised-pending-observation': '◐', 'refresh-due': '↻', partial: '◑', gap: '✗' };

function paint(style: TextStyle, status: RecognitionStatus, text: string): string {
  switch (status) {
    case 'recognised':
      return style.green(text);
    case 'recognised-pending-observation':
      return style.cyan(text);
    case 'gap':
      return style.red(text);
    default:
      return style.yellow(text);
  }
}

const fit = (text: string, width: number): string => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));

/**
 * Renders an assessment as text for a terminal: a table of standards with what each still needs,
 * the headline, the training plan and the evidence. Plain unless a `style` adds colour.
 */
export function formatRecognitionText(report: RecognitionReport, options: { style?: TextStyle } = {}): string {
  const style = options.style ?? PLAIN;
  const lines: string[] = [];
  lines.push(style.bold(`Recognition of prior learning: ${report.target.title} (${report.target.ref}), as of ${report.asOf}`), '');
  const codeWidth = Math.max(...report.standards.map((standard) => standard.code.length), 2);
  lines.push(style.dim(`  ${'Standard'.padEnd(codeWidth + 46)}  ${'Status'.padEnd(20)}  Still to do`));
  for (const standard of report.standards) {
    const todo = [
      standard.refreshDue.length > 0 ? `refresh ${standard.refreshDue.join(', ')}` : '',
      standard.missing.length > 0 ? (standard.status === 'gap' ? 'all of it' : `train ${standard.missing.join(', ')}`) : '',
      standard.pendingObservation.length > 0 ? `observe ${standard.pendingObservation.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    const status = paint(style, standard.status, `${MARKS[standard.status]} ${STATUS_LABELS[standard.status]}`.padEnd(20));
    lines.push(`  ${standard.code.padEnd(codeWidth)} ${fit(standard.title, 45)}  ${status}  ${todo || '—'}`);
  }
  lines.push('', style.bold(report.summary.headline), '', style.bold('Training plan'));
  if (report.plan.length === 0) lines.push('  Nothing to do: everything is recognised.');
  for (const item of report.plan) lines.push(`  ${String(item.order).padStart(2)}. ${item.title} ${style.dim(`(${item.hours} h)`)}`);
  lines.push('', style.bold('Evidence'));
  for (const item of report.evidence) {
    const who = item.issuer?.name ?? item.issuer?.id ?? 'unknown issuer';
    const mark = item.counted ? style.green('✓') : style.yellow('–');
    const state = item.counted ? `counted (${item.trust}), decides ${item.decides} criteria` : `not counted: ${item.reason ?? ''}`;
    lines.push(`  ${mark} ${item.title ?? item.id} — ${who}, ${item.achievedAt.slice(0, 10)}${item.source ? ` [${item.source}]` : ''}: ${state}`);
  }
  for (const item of report.rejectedEvidence) lines.push(`  ${style.red('✗')} ${item.source}: ${style.red(`rejected (${item.code})`)}: ${item.message}`);
  if (report.evidence.length === 0 && report.rejectedEvidence.length === 0) lines.push('  No evidence was given.');
  return `${lines.join('\n')}\n`;
}

const escapeCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');

/**
 * Renders an assessment as Markdown: the headline, a table of standards, the training plan, and
 * the evidence used, not counted, or rejected. Suitable for an LMS page or an email.
 */
export function formatRecognitionMarkdown(report: RecognitionReport): string {
  const lines: string[] = [];
  lines.push(`# Recognition of prior learning: ${report.target.title}`, '');
  lines.push(`Assessed on ${report.asOf} against \`${report.target.ref}\`.`, '', `**${report.summary.headline}**`, '');
  lines.push('| Standard | Status | What it needs |', '|---|---|---|');
  for (const standard of report.standards) {
    const needs =
      standard.status === 'recognised'
        ? '—'
        : [
            standard.refreshDue.length > 0 ? `refresher: ${standard.refreshDue.join(', ')}` : '',
            standard.missing.length > 0 ? `training: ${standard.missing.join(', ')}` : '',
            standard.pendingObservation.length > 0 ? `observe: ${standard.pendingObservation.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('; ');
    lines.push(`| ${escapeCell(`${standard.code} ${standard.title}`)} | ${STATUS_LABELS[standard.status]} | ${escapeCell(needs)} |`);
  }
  lines.push('', '## Training plan', '');
  if (report.plan.length === 0) lines.push('Nothing to do: everything is recognised.');
  for (const item of report.plan) lines.push(`${item.order}. ${escapeCell(item.title)} (${item.hours} h). ${escapeCell(item.reason)}`);
  const { hours } = report.summary;
  lines.push('', `Notional hours: ${hours.programme} for the full programme, ${hours.plan} still to do, ${hours.saved} saved.`);
  lines.push('', '## Evidence', '');
  for (const item of report.evidence) {
    const who = item.issuer?.name ?? item.issuer?.id ?? 'unknown issuer';
    const state = item.counted ? `counted (${item.trust}), decides ${item.decides} criteria` : `not counted: ${item.reason ?? 'no reason given'}`;
    lines.push(`- ${escapeCell(item.title ?? item.id)}, ${escapeCell(who)}, ${item.achievedAt.slice(0, 10)}: ${escapeCell(state)}`);
  }
  for (const item of report.rejectedEvidence) lines.push(`- ${escapeCell(item.source)}: **rejected** (${item.code}): ${escapeCell(item.message)}`);
  if (report.evidence.length === 0 && report.rejectedEvidence.length === 0) lines.push('No evidence was given.');
  return `${lines.join('\n')}\n`;
}
