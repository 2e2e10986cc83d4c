import { once } from 'node:events';
import type { Response } from 'express';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line
 * break, quotes doubled. A text starting with =, +, - or @ gets a leading
 * apostrophe, so a spreadsheet does not run it as a formula.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  let text = Array.isArray(value) ? value.join(';') : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/**
 * Streams a CSV answer: the header, then each batch of rows as it comes,
 * waiting for the socket to drain before asking for more, so a large export
 * never sits in memory. Stops early when the client goes away.
 */
export async function streamCsv(
  res: Response,
  filename: string,
  header: string[],
  batches: AsyncIterable<unknown[][]>,
): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  // One listener for the whole answer: a client gone away ends every wait.
  const closed = once(res, 'close');
  const write = async (chunk: string) => {
    if (!res.write(chunk)) {
      await Promise.race([once(res, 'drain'), closed]);
    }
  };
  await write(csvLine(header));
  for await (const rows of batches) {
    if (res.destroyed) return;
    await write(rows.map(csvLine).join(''));
  }
  res.end();
}
