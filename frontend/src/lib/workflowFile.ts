// The workflow file shared with the CLI: {"ferryWorkflow": 1, "name", "description", "document"}.
import { asDocument, type WorkflowDocument } from './workflowDocument';

export const FILE_FORMAT = 1;

export interface WorkflowFile {
  name: string;
  description: string;
  document: WorkflowDocument;
}

/**
 * The file to download. Connection references (ids) stay in the nodes; secrets never are in a
 * document, so nothing needs removing, but retry and other overrides are kept as saved.
 */
export function toWorkflowFile(file: WorkflowFile): string {
  return `${JSON.stringify({ ferryWorkflow: FILE_FORMAT, ...file }, null, 2)}\n`;
}

/** Reads an exported workflow or a bare document; a string result is the reason it cannot be read. */
export function parseWorkflowFile(text: string, fallbackName: string): WorkflowFile | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return 'The file is not valid JSON.';
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'A workflow file holds a JSON object.';
  const record = data as Record<string, unknown>;
  if ('document' in record) {
    if (record.ferryWorkflow !== undefined && record.ferryWorkflow !== FILE_FORMAT) {
      return `This file is format ${String(record.ferryWorkflow)}; Ferry reads format ${FILE_FORMAT}.`;
    }
    const document = asDocument(record.document);
    if (typeof document === 'string') return document;
    return {
      name: typeof record.name === 'string' && record.name ? record.name : fallbackName,
      description: typeof record.description === 'string' ? record.description : '',
      document,
    };
  }
  if ('nodes' in record) {
    const document = asDocument(record);
    return typeof document === 'string' ? document : { name: fallbackName, description: '', document };
  }
  return 'The file is neither an exported workflow nor a workflow document.';
}

export function fileNameFor(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'workflow'}.ferry.json`;
}
