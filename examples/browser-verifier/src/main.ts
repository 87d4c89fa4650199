// The page: wires the file input and drop zone to checkFiles and renders what a person needs.
import './strict-csp.js';
import { builtInRegistry } from '@carepass/frameworks';
import { type RecognitionReport, STATUS_LABELS } from '@carepass/portability';
import { type CheckedCredential, checkFiles } from './check-files.js';

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const target = element<HTMLSelectElement>('target');
const input = element<HTMLInputElement>('files');
const drop = element<HTMLDivElement>('drop');
const busy = element<HTMLParagraphElement>('busy');
const results = element<HTMLElement>('results');
const recognition = element<HTMLElement>('recognition');

for (const summary of builtInRegistry().list()) {
  if (summary.type !== 'CompetencyFramework') continue;
  const option = new Option(`${summary.title} (${summary.ref})`, summary.ref);
  option.selected = summary.ref === 'care-certificate@2025';
  target.append(option);
}

function node<K extends keyof HTMLElementTagNameMap>(tag: K, text = '', className = ''): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (text) created.textContent = text;
  if (className) created.className = className;
  return created;
}

/**
 * The badge image of a genuine credential, read from what its proof signed: only an inline
 * `data:` SVG or PNG (nothing is fetched, and an SVG shown through <img> runs no script).
 */
function badgeImageOf(document: unknown): string | undefined {
  const subject = [(document as { credentialSubject?: unknown } | undefined)?.credentialSubject].flat()[0] as { achievement?: { image?: unknown } } | undefined;
  const image = subject?.achievement?.image;
  const id = typeof image === 'string' ? image : (image as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && /^data:image\/(svg\+xml|png);base64,[A-Za-z0-9+/=]+$/u.test(id) ? id : undefined;
}

function renderCredential(item: CheckedCredential): HTMLElement {
  const card = node('article', '', `card ${item.genuine ? 'genuine' : 'not-genuine'}`);
  card.dataset.source = item.source;
  card.append(node('div', `${item.genuine ? '✓' : '✗'} ${item.verdict}`, 'verdict'));
  const summary = item.result?.credential;
  const name = summary?.achievement?.name ?? summary?.types.filter((type) => type !== 'VerifiableCredential').join(', ');
  if (name) card.append(node('p', name, 'name'));
  const badge = item.genuine ? badgeImageOf(item.result?.document) : undefined;
  if (badge) {
    const image = node('img', '', 'badge');
    image.src = badge;
    image.alt = `Badge: ${name ?? 'the achievement'}`;
    image.width = 96;
    image.height = 96;
    card.append(image);
  }
  // What a credential that failed says about itself is a claim, not a fact.
  const issuer = summary?.issuer ? `${item.genuine ? 'Issued by' : 'Claims to be issued by'} ${summary.issuer.name ?? 'an unnamed issuer'} (${summary.issuer.id})` : '';
  const when = summary?.validFrom ? ` on ${summary.validFrom.slice(0, 10)}` : '';
  card.append(node('p', `${item.source}${issuer ? ` · ${issuer}${when}` : ''}`, 'meta'));
  if (item.genuine && item.statusUnchecked) card.append(node('p', 'Revocation was not checked: this page works offline. Ask the issuer, or check it with the Carepass CLI and the issuer\'s status list.', 'meta'));
  return card;
}

function renderReport(report: RecognitionReport): HTMLElement[] {
  const heading = node('h2', `What it counts for: ${report.target.title}`);
  const headline = node('p', report.summary.headline, 'headline');
  const table = node('table');
  const head = node('tr');
  for (const label of ['Standard', 'Status', 'Still to do']) head.append(node('th', label));
  table.append(head);
  for (const standard of report.standards) {
    const row = node('tr');
    row.dataset.code = standard.code;
    row.append(node('td', `${standard.code} ${standard.title}`));
    row.append(node('td', STATUS_LABELS[standard.status], `status-${standard.status}`));
    const todo = [standard.refreshDue.length ? `refresh ${standard.refreshDue.join(', ')}` : '', standard.missing.length ? `train ${standard.missing.join(', ')}` : '', standard.pendingObservation.length ? `observe ${standard.pendingObservation.join(', ')}` : ''].filter(Boolean).join('; ');
    row.append(node('td', todo || '—'));
    table.append(row);
  }
  const { criteria } = report.summary;
  const note = node('p', `Of ${criteria.total} criteria: ${criteria.recognised} recognised, ${criteria['recognised-pending-observation']} to observe in practice, ${criteria['refresh-due'] + criteria.partial + criteria.gap} to train or refresh. Decisions use Carepass's crosswalks, most of them inferred rather than official; the CLI's --json report shows the path and confidence behind each.`, 'meta');
  // The training plan, most urgent first: a recognised course where one delivers a standard (the
  // Oliver McGowan training for standard 16), observations grouped by observed activity.
  const planHeading = node('h3', 'Training plan');
  const plan = node('ol', '', 'plan');
  for (const step of report.plan.filter((item) => item.kind !== 'micro-qualification')) {
    plan.append(node('li', `${step.title} (${step.hours} h${step.hoursBasis === 'estimate' ? ', estimated' : ''})`));
  }
  const { hours } = report.summary;
  const hoursNote = node('p', hours.basis === 'estimate' ? `Hours are ${hours.note}.` : 'Hours are those the framework publishes.', 'meta hours');
  return [heading, headline, table, note, planHeading, plan, hoursNote];
}

async function handle(files: FileList | File[]): Promise<void> {
  const list = [...files];
  if (list.length === 0) return;
  busy.hidden = false;
  results.replaceChildren();
  recognition.replaceChildren();
  try {
    const texts = await Promise.all(list.map(async (file) => (/\.(png|svg)$/iu.test(file.name) ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : { name: file.name, text: await file.text() })));
    const { checked, report } = await checkFiles(texts, target.value);
    results.replaceChildren(node('h2', `${checked.filter((item) => item.genuine).length} of ${checked.length} genuine`), ...checked.map(renderCredential));
    recognition.replaceChildren(...renderReport(report));
  } catch (error) {
    results.replaceChildren(node('p', `Something went wrong: ${error instanceof Error ? error.message : String(error)}`, 'card not-genuine'));
  } finally {
    busy.hidden = true;
    document.body.dataset.state = 'done';
  }
}

let last: File[] = [];
input.addEventListener('change', () => {
  last = [...(input.files ?? [])];
  void handle(last);
});
target.addEventListener('change', () => void handle(last));
drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('over');
  last = [...(event.dataTransfer?.files ?? [])];
  void handle(last);
});
