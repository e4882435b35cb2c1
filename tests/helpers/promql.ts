/** PromQL parsing for tests, with @prometheus-io/lezer-promql (the grammar Prometheus' UI uses). */
import { parser } from '@prometheus-io/lezer-promql';

export interface ParsedPromql {
  errors: string[];
  metrics: string[];
}

/** Parses an expression; returns syntax errors and the metric names it selects. */
export function parsePromql(expr: string): ParsedPromql {
  const tree = parser.parse(expr);
  const errors: string[] = [];
  const metrics = new Set<string>();
  tree.iterate({
    enter(node) {
      if (node.type.isError) errors.push(`syntax error at ${node.from}: ${JSON.stringify(expr.slice(Math.max(0, node.from - 20), node.to + 20))}`);
      if (node.name === 'VectorSelector') {
        const nameNode = node.node.getChild('Identifier');
        if (nameNode) metrics.add(expr.slice(nameNode.from, nameNode.to));
      }
    },
  });
  return { errors, metrics: [...metrics].sort() };
}
