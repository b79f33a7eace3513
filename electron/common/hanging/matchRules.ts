import type { Rule } from './protocolTypes';

export type FactValue = string | number | boolean | string[] | undefined;

/** Compiled once per rule object: an engine run evaluates each rule against every series. */
const compiled = new WeakMap<object, RegExp | Set<string> | string>();

function prepared(rule: Rule<string>): RegExp | Set<string> | string {
  let p = compiled.get(rule);
  if (p === undefined) {
    p = rule.op === 'matches' ? new RegExp(String(rule.value), 'i') : rule.op === 'oneOf' ? new Set((rule.value as string[]).map((v) => v.toLowerCase())) : String(rule.value).toLowerCase();
    compiled.set(rule, p);
  }
  return p;
}

function holdsFor(rule: Rule<string>, item: string): boolean {
  const p = prepared(rule);
  switch (rule.op) {
    case 'equals':
      return item.toLowerCase() === p;
    case 'contains':
      return item.toLowerCase().includes(p as string);
    case 'matches':
      return (p as RegExp).test(item);
    default:
      return (p as Set<string>).has(item.toLowerCase());
  }
}

/** Whether one rule holds for a value (strings case-insensitive; a list holds when any element does). */
export function ruleHolds(rule: Rule<string>, value: FactValue): boolean {
  const present = !(value === undefined || value === '' || value === false || (Array.isArray(value) && value.length === 0));
  if (rule.op === 'present') return present;
  if (rule.op === 'absent') return !present;
  if (!present) return false;
  if (rule.op === 'range') {
    const [min, max] = rule.value as [number, number];
    return typeof value === 'number' && value >= min && value <= max;
  }
  if (Array.isArray(value)) return value.some((v) => holdsFor(rule, v));
  return holdsFor(rule, String(value));
}

export interface RuleOutcome {
  /** The rule in words: `modality equals CT`. */
  rule: string;
  passed: boolean;
  weight: number;
  required: boolean;
}

const described = new WeakMap<object, string>();

export function describeRule(rule: Rule<string>): string {
  let text = described.get(rule);
  if (text === undefined) described.set(rule, (text = ruleText(rule)));
  return text;
}

function ruleText(rule: Rule<string>): string {
  const v = rule.value === undefined ? '' : ` ${Array.isArray(rule.value) ? (rule.op === 'range' ? `${rule.value[0]}–${rule.value[1]}` : rule.value.join('|')) : String(rule.value)}`;
  return `${rule.attribute} ${rule.op}${v}`;
}

/** Evaluates rules against facts: the score (sum of weights that hold) and whether every required one held. */
export function scoreRules<A extends string>(rules: Rule<A>[], facts: (attribute: A) => FactValue): { score: number; eligible: boolean } {
  let score = 0;
  let eligible = true;
  for (const rule of rules) {
    if (ruleHolds(rule, facts(rule.attribute))) score += rule.weight ?? 1;
    else if (rule.required) {
      eligible = false;
      break;
    }
  }
  return { score, eligible };
}

/** Each rule's outcome in words (only for what is shown: the chosen series, the study rules). */
export function explainRules<A extends string>(rules: Rule<A>[], facts: (attribute: A) => FactValue): RuleOutcome[] {
  return rules.map((rule) => ({ rule: describeRule(rule), passed: ruleHolds(rule, facts(rule.attribute)), weight: rule.weight ?? 1, required: rule.required === true }));
}
