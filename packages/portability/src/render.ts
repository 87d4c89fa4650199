import type { RecognitionReport, RecognitionStatus } from './engine.js';

/** Words for each status, as a care manager would say them. */
export const STATUS_LABELS: Readonly<Record<RecognitionStatus, string>> = {
  recognised: 'Recognised',
  'recognised-pending-observation': 'Observation needed',
  'refresh-due': 'Refresher due',
  partial: 'Top-up needed',
  gap: 'Gap',
};

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
