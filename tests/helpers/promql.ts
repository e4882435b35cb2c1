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

/**
 * Every vector selector of an expression, normalized: `metric{label op "value",...}` with the
 * matchers sorted, so two expressions that select the same series compare equal whatever the order
 * or quoting of their matchers.
 */
export function vectorSelectors(expr: string): string[] {
  const tree = parser.parse(expr);
  const selectors: string[] = [];
  tree.iterate({
    enter(node) {
      if (node.name !== 'VectorSelector') return;
      const nameNode = node.node.getChild('Identifier');
      const name = nameNode ? expr.slice(nameNode.from, nameNode.to) : '';
      const matchers: string[] = [];
      node.node.cursor().iterate((inner) => {
        if (inner.name !== 'UnquotedLabelMatcher' && inner.name !== 'LabelMatcher') return;
        const label = inner.node.getChild('LabelName');
        const op = inner.node.getChild('MatchOp');
        const value = inner.node.getChild('StringLiteral');
        if (!label || !op || !value) return;
        const literal = expr.slice(value.from, value.to);
        const text = literal.startsWith('`') ? literal.slice(1, -1) : (JSON.parse(literal.startsWith("'") ? `"${literal.slice(1, -1)}"` : literal) as string);
        matchers.push(`${expr.slice(label.from, label.to)}${expr.slice(op.from, op.to)}${JSON.stringify(text)}`);
        return false;
      });
      selectors.push(`${name}{${matchers.sort().join(',')}}`);
    },
  });
  return selectors.sort();
}
