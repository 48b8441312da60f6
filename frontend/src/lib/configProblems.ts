// Problems the designer can see before asking the server: required config fields left empty.
import type { ProblemField } from '../api/client';
import type { NodeSpec } from '../api/designer';
import type { FerryNode } from './flowTypes';

interface FieldSchema {
  type?: string | string[];
  minLength?: number;
  enum?: unknown[];
}

/** Same shape and field names as the server's (`config.<field>`), so both show in the same places. */
export function configProblems(node: FerryNode, spec: NodeSpec | undefined): ProblemField[] {
  if (!spec) {
    return [
      {
        nodeId: node.id,
        field: 'type',
        message: `Unknown node type ${node.data.type} v${node.data.typeVersion}.`,
        code: 'unknown_type',
      },
    ];
  }
  const schema = spec.configSchema as { properties?: Record<string, FieldSchema>; required?: string[] };
  const problems: ProblemField[] = [];
  const config = node.data.config;
  for (const field of schema.required ?? []) {
    const value = config[field];
    if (value === undefined || value === null || value === '') {
      problems.push({ nodeId: node.id, field: `config.${field}`, message: 'Required.', code: 'config' });
    }
  }
  for (const [field, prop] of Object.entries(schema.properties ?? {})) {
    const value = config[field];
    if (typeof value === 'string' && value !== '' && prop.minLength && value.length < prop.minLength) {
      problems.push({
        nodeId: node.id,
        field: `config.${field}`,
        message: `At least ${prop.minLength} characters.`,
        code: 'config',
      });
    }
    if (value !== undefined && prop.enum && !prop.enum.some((v) => v === value)) {
      problems.push({ nodeId: node.id, field: `config.${field}`, message: 'Not one of the choices.', code: 'config' });
    }
  }
  return problems;
}

export function groupByNode(problems: ProblemField[]): Record<string, ProblemField[]> {
  const grouped: Record<string, ProblemField[]> = {};
  for (const problem of problems) {
    const key = problem.nodeId ?? '';
    (grouped[key] ??= []).push(problem);
  }
  return grouped;
}
