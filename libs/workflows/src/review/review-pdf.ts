import { PDF_FONTS, pdfDocumentClass } from '../documents/fonts';
import { participationAcrossNetworks } from './review-assembly';
import type { NetworkReview, YearlyReview } from './yearly-review.types';

type Doc = PDFKit.PDFDocument;

const MARGIN = 50;
const PAGE = { width: 595.28, height: 841.89 };
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
const BOTTOM = PAGE.height - MARGIN;
const BAR_COLOUR = '#2f5f8a';
const RULE_COLOUR = '#999999';

export interface BarChart {
  title: string;
  bars: { label: string; value: number }[];
}

export interface TableColumn {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

const day = (date: Date) => date.toISOString().slice(0, 10);
const instant = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const orDash = (value: number | null) => (value === null ? '—' : String(value));
const percent = (share: number | null) =>
  share === null ? '—' : `${Math.round(share * 1000) / 10} %`;
const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/** Room for `height` more points on this page, or a new page. */
function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > BOTTOM) doc.addPage();
}

function heading(doc: Doc, text: string, size = 14): void {
  ensureRoom(doc, size * 3);
  doc.moveDown(0.6).font('bold').fontSize(size).text(text, MARGIN, doc.y, {
    width: CONTENT_WIDTH,
  });
  doc.font('regular').fontSize(10).moveDown(0.3);
}

function line(doc: Doc, text: string): void {
  ensureRoom(doc, 14);
  doc.font('regular').fontSize(10).text(text, MARGIN, doc.y, { width: CONTENT_WIDTH });
}

/**
 * A horizontal bar chart drawn as vector shapes: one bar per item, scaled to
 * the largest, each labelled with its number.
 */
export function drawBarChart(doc: Doc, chart: BarChart): void {
  const barHeight = 11;
  const gap = 4;
  const labelWidth = 150;
  const valueWidth = 40;
  const areaWidth = CONTENT_WIDTH - labelWidth - valueWidth - 10;
  // A chart that fits on a page is not split across two.
  const height = 40 + chart.bars.length * (barHeight + gap);
  if (height < BOTTOM - MARGIN) ensureRoom(doc, height);
  heading(doc, chart.title, 12);
  const max = Math.max(0, ...chart.bars.map((bar) => bar.value));
  for (const bar of chart.bars) {
    ensureRoom(doc, barHeight + gap);
    const y = doc.y;
    const width = max === 0 ? 0 : (bar.value / max) * areaWidth;
    doc.font('regular').fontSize(9).fillColor('black');
    doc.text(bar.label, MARGIN, y + 1, { width: labelWidth - 6, lineBreak: false, ellipsis: true });
    if (width > 0) {
      doc.rect(MARGIN + labelWidth, y, width, barHeight).fill(BAR_COLOUR);
    }
    doc.fillColor('black').text(String(bar.value), MARGIN + labelWidth + width + 4, y + 1, {
      width: valueWidth,
      lineBreak: false,
    });
    doc.x = MARGIN;
    doc.y = y + barHeight + gap;
  }
  // The axis the bars stand on.
  const top = doc.y - chart.bars.length * (barHeight + gap);
  doc
    .moveTo(MARGIN + labelWidth, Math.max(top, MARGIN) - 2)
    .lineTo(MARGIN + labelWidth, doc.y)
    .strokeColor(RULE_COLOUR)
    .lineWidth(0.5)
    .stroke();
  doc.moveDown(0.5);
}

/** A table with a header row, repeated on every page it runs on. */
export function drawTable(doc: Doc, columns: TableColumn[], rows: string[][]): void {
  const rowHeight = 14;
  const header = () => {
    let x = MARGIN;
    const y = doc.y;
    doc.font('bold').fontSize(8);
    for (const column of columns) {
      doc.text(column.header, x, y, {
        width: column.width - 4,
        align: column.align ?? 'left',
        lineBreak: false,
      });
      x += column.width;
    }
    doc
      .moveTo(MARGIN, y + rowHeight - 3)
      .lineTo(MARGIN + CONTENT_WIDTH, y + rowHeight - 3)
      .strokeColor(RULE_COLOUR)
      .lineWidth(0.5)
      .stroke();
    doc.y = y + rowHeight;
  };
  ensureRoom(doc, rowHeight * 2);
  header();
  doc.font('regular');
  for (const row of rows) {
    if (doc.y + rowHeight > BOTTOM) {
      doc.addPage();
      header();
    }
    let x = MARGIN;
    const y = doc.y;
    doc.font('regular').fontSize(9);
    row.forEach((cell, index) => {
      const column = columns[index];
      doc.text(cell, x, y, {
        width: column.width - 4,
        align: column.align ?? 'left',
        lineBreak: false,
        ellipsis: true,
      });
      x += column.width;
    });
    doc.x = MARGIN;
    doc.y = y + rowHeight;
  }
  doc.moveDown(0.5);
}

function summary(doc: Doc, review: YearlyReview): void {
  heading(doc, 'Summary per network');
  drawTable(
    doc,
    [
      { header: 'Network', width: 110 },
      { header: 'Held', width: 35, align: 'right' },
      { header: 'Planned', width: 45, align: 'right' },
      { header: 'Cancelled', width: 55, align: 'right' },
      { header: 'Messages', width: 55, align: 'right' },
      { header: 'Requests', width: 52, align: 'right' },
      { header: 'On time', width: 50, align: 'right' },
      { header: 'Primary', width: 48, align: 'right' },
      { header: 'Stale', width: 45, align: 'right' },
    ],
    review.networks.map((network) => [
      network.nameEn,
      String(network.activities.held),
      String(network.activities.planned),
      String(network.activities.cancelled),
      String(network.messages.total),
      String(network.requests.requests),
      percent(network.requests.shareAnsweredOnTime),
      `${network.roster.statesWithPrimary}/${review.memberStates.length}`,
      String(network.roster.staleEntries),
    ]),
  );
}

function networkSection(doc: Doc, review: YearlyReview, network: NetworkReview): void {
  doc.addPage();
  doc.font('bold').fontSize(16).text(network.nameEn, MARGIN, MARGIN, { width: CONTENT_WIDTH });
  doc.font('regular').fontSize(12).text(network.nameRu, { width: CONTENT_WIDTH });
  const { activities, messages, requests, roster } = network;

  heading(doc, 'Activities');
  line(
    doc,
    `Held: ${activities.held} (meetings ${activities.heldMeetings}, seminars ${activities.heldSeminars}, trainings ${activities.heldTrainings}); planned: ${activities.planned}; cancelled: ${activities.cancelled}`,
  );
  if (activities.heldActivities.length > 0) {
    doc.moveDown(0.3);
    drawTable(
      doc,
      [
        { header: 'Date', width: 70 },
        { header: 'Kind', width: 60 },
        { header: 'Title', width: 305 },
        { header: 'States', width: 60, align: 'right' },
      ],
      activities.heldActivities.map((activity) => [
        day(activity.startsAt),
        activity.kind,
        activity.titleEn,
        String(activity.participatingStates),
      ]),
    );
  }
  const attending = network.participation.filter((state) => state.heldActivitiesAttended > 0);
  line(
    doc,
    `States that took part: ${attending.length} of ${review.memberStates.length}` +
      (attending.length
        ? ` — ${attending.map((state) => `${state.memberStateCode} ${state.heldActivitiesAttended}`).join(', ')}`
        : ''),
  );

  heading(doc, 'Messages');
  line(doc, `Messages sent: ${messages.total}`);
  line(
    doc,
    `By category: information exchange ${messages.byCategory.information_exchange}, alert ${messages.byCategory.alert}, request for assistance ${messages.byCategory.request_for_assistance}, best practice ${messages.byCategory.best_practice}, notice ${messages.byCategory.notice}`,
  );
  line(
    doc,
    `By priority: routine ${messages.byPriority.routine}, urgent ${messages.byPriority.urgent}, flash ${messages.byPriority.flash}`,
  );

  heading(doc, 'Requests for assistance');
  line(
    doc,
    `Requests: ${requests.requests}; addressed states: ${requests.requestsReceived}; answered: ${requests.requestsAnswered}; on time: ${requests.requestsAnsweredOnTime} (${percent(requests.shareAnsweredOnTime)})`,
  );
  line(
    doc,
    `Hours to answer: median ${orDash(requests.medianHoursToAnswer)}; 80 % within ${orDash(requests.hoursToAnswer80Percent)}`,
  );

  heading(doc, 'Roster');
  line(
    doc,
    `States with an active primary: ${roster.statesWithPrimary}; with an alternate: ${roster.statesWithAlternate}; complete: ${roster.statesComplete}; entries: ${roster.activeEntries} (confirmed ${roster.confirmedEntries}, stale ${roster.staleEntries})`,
  );
  doc.moveDown(0.3);
  const names = new Map(review.memberStates.map((state) => [state.code, state.nameEn]));
  drawTable(
    doc,
    [
      { header: 'State', width: 175 },
      { header: 'Entries', width: 60, align: 'right' },
      { header: 'Primary', width: 60, align: 'right' },
      { header: 'Alternate', width: 65, align: 'right' },
      { header: 'Confirmed', width: 70, align: 'right' },
      { header: 'Stale', width: 65, align: 'right' },
    ],
    roster.states.map((state) => [
      `${state.memberStateCode} ${names.get(state.memberStateCode) ?? ''}`,
      String(state.activeEntries),
      yesNo(state.activePrimary),
      yesNo(state.alternatePresent),
      String(state.confirmedEntries),
      String(state.staleEntries),
    ]),
  );
}

/**
 * The review as a readable PDF (A4): the title in English with a Russian
 * subtitle, a summary table, bar charts (messages per network, participation
 * per state, roster completeness per network), then one section per network.
 * DejaVu Sans is embedded, so Russian names render. `createdAt` comes from
 * the injected clock.
 */
export async function renderReviewPdf(review: YearlyReview, createdAt: Date): Promise<Buffer> {
  const PDFDocument = await pdfDocumentClass();
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: `Yearly review ${review.year}`,
      Subject: 'Focal Points Network: activities, participation, roster and message statistics',
      CreationDate: createdAt,
      ModDate: createdAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', PDF_FONTS.regular);
  doc.registerFont('bold', PDF_FONTS.bold);

  doc.font('bold').fontSize(20).text(`Yearly review ${review.year}`, MARGIN, MARGIN);
  doc.font('regular').fontSize(14).text(`Ежегодный обзор за ${review.year} год`);
  doc.moveDown(0.5).fontSize(10);
  line(
    doc,
    `Focal Points Network — for the Special Working Group and the Senior Officials Committee. Counts only, never message content.`,
  );
  line(
    doc,
    `The year at the Secretariat's seat (${review.timeZone}): from ${instant(review.from)} to ${instant(review.to)}. Roster figures as of ${instant(review.rosterAsOf)}.`,
  );

  summary(doc, review);
  const names = new Map(review.memberStates.map((state) => [state.code, state.nameEn]));
  drawBarChart(doc, {
    title: 'Messages sent per network',
    bars: review.networks.map((network) => ({
      label: network.nameEn,
      value: network.messages.total,
    })),
  });
  drawBarChart(doc, {
    title: 'Held activities attended per member state',
    bars: participationAcrossNetworks(review).map((state) => ({
      label: `${state.memberStateCode} ${names.get(state.memberStateCode) ?? ''}`,
      value: state.heldActivitiesAttended,
    })),
  });
  drawBarChart(doc, {
    title: 'Member states with an active primary focal point, per network',
    bars: review.networks.map((network) => ({
      label: network.nameEn,
      value: network.roster.statesWithPrimary,
    })),
  });
  for (const network of review.networks) networkSection(doc, review, network);
  doc.end();
  return done;
}
