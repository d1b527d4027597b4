/**
 * `${{ … }}` expressions, evaluated by @actions/expressions (GitHub's own parser and evaluator,
 * the one of the Actions language services): the lexer, the parser, the operators and the
 * functions contains(), startsWith(), endsWith(), format(), join(), toJSON(), fromJSON(), case().
 * This module adds what a runner adds around it, as act (forgejo/runner v12, act/runner/
 * expression.go and act/exprparser; docs/forgejo-runner.md "Expressions") does:
 *  - the contexts of the step (github, env, secrets, vars, matrix, steps, runner, job, and any
 *    other the caller gives); a context that is not given is an error;
 *  - the status functions success(), failure(), always(), cancelled() (cancelled() is always
 *    false: the harness does not cancel jobs);
 *  - an `if:` without a status function is evaluated as `success() && (…)`
 *    (act/runner/step.go isStepEnabled with DefaultStatusCheckSuccess; for post steps
 *    DefaultStatusCheckAlways);
 *  - interpolation: every `${{ }}` of a text replaced by its value as text (null → '', objects as
 *    indented JSON).
 * Not supported (an error, so that a test notices instead of getting a wrong value): hashFiles(),
 * and an `if:` that mixes text and `${{ }}`.
 */

import { Evaluator, ExpressionError as ParseError, Lexer, Parser, data } from '@actions/expressions'
import { Binary, type Expr, FunctionCall, Grouping, IndexAccess, Logical, Unary } from '@actions/expressions/ast'
import type { FunctionDefinition } from '@actions/expressions/funcs/info'
import { truthy } from '@actions/expressions/result'

export type Value = string | number | boolean | null | { [k: string]: Value } | Value[]

export interface ExpressionContext {
  /** top-level contexts: github, env, secrets, vars, matrix, steps, runner, job, inputs … */
  contexts: Record<string, Value>
  /** whether no earlier step has failed (success() / failure()) */
  jobSucceeded: boolean
}

export class ExpressionError extends Error {}

const STATUS_FUNCTIONS = ['success', 'failure', 'always', 'cancelled']

function statusFunctions(jobSucceeded: boolean): Map<string, FunctionDefinition> {
  const fn = (name: string, value: boolean): [string, FunctionDefinition] => [
    name,
    { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value) }
  ]
  return new Map([
    fn('success', jobSucceeded),
    fn('failure', !jobSucceeded),
    fn('always', true),
    fn('cancelled', false)
  ])
}

function parse(src: string, ctx: ExpressionContext): Expr {
  try {
    const lexed = new Lexer(src).lex()
    const functions = STATUS_FUNCTIONS.map((name) => ({ name, minArgs: 0, maxArgs: 0 }))
    return new Parser(lexed.tokens, Object.keys(ctx.contexts), functions).parse()
  } catch (err) {
    if (!(err instanceof ParseError)) throw err
    const what = err.message.startsWith('Unrecognized function')
      ? 'unsupported function'
      : err.message.startsWith('Unrecognized named-value')
        ? 'unsupported context'
        : 'invalid expression'
    throw new ExpressionError(`${what} (${err.message}) in expression: ${src}`)
  }
}

/** The value of a context, as the evaluator's data (dictionaries look keys up case-insensitively). */
function contextData(ctx: ExpressionContext): data.Dictionary {
  const dict = new data.Dictionary()
  for (const [k, v] of Object.entries(ctx.contexts)) dict.add(k, JSON.parse(JSON.stringify(v), data.reviver))
  return dict
}

function run(node: Expr, ctx: ExpressionContext): data.ExpressionData {
  return new Evaluator(node, contextData(ctx), statusFunctions(ctx.jobSucceeded)).evaluate()
}

/** The evaluator's data as a plain value. */
function toValue(d: data.ExpressionData): Value {
  return JSON.parse(JSON.stringify(d, data.replacer) ?? 'null') as Value
}

/** Formats a value the way interpolation does: null → '', numbers and booleans as text, objects as JSON. */
export function valueToString(v: Value): string {
  if (v === null) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return JSON.stringify(v, null, 2)
}

/** Evaluates one expression (the text inside `${{ }}`). */
export function evaluate(expr: string, ctx: ExpressionContext): Value {
  return toValue(run(parse(expr, ctx), ctx))
}

/** Finds the end of a `${{ … }}` starting at `start` (index of `$`), skipping `}}` inside string literals. */
function findClose(s: string, start: number): number {
  let i = start + 3
  let inStr = false
  while (i < s.length) {
    const c = s[i]
    if (inStr) {
      if (c === "'") {
        if (s[i + 1] === "'") i++
        else inStr = false
      }
    } else if (c === "'") inStr = true
    else if (c === '}' && s[i + 1] === '}') return i
    i++
  }
  throw new ExpressionError(`unterminated \${{ in: ${s}`)
}

/** Replaces every `${{ expr }}` in `s` by the value of `expr` as text. */
export function interpolate(s: string, ctx: ExpressionContext): string {
  if (!s.includes('${{')) return s
  let out = ''
  let i = 0
  for (;;) {
    const open = s.indexOf('${{', i)
    if (open === -1) {
      out += s.slice(i)
      return out
    }
    out += s.slice(i, open)
    const close = findClose(s, open)
    out += valueToString(evaluate(s.slice(open + 3, close), ctx))
    i = close + 2
  }
}

/** Whether the expression calls success(), failure(), always() or cancelled() anywhere. */
function usesStatusFunction(n: Expr): boolean {
  if (n instanceof FunctionCall)
    return STATUS_FUNCTIONS.includes(n.functionName.lexeme.toLowerCase()) || n.args.some(usesStatusFunction)
  if (n instanceof Logical) return n.args.some(usesStatusFunction)
  if (n instanceof Binary) return usesStatusFunction(n.left) || usesStatusFunction(n.right)
  if (n instanceof Unary) return usesStatusFunction(n.expr)
  if (n instanceof Grouping) return usesStatusFunction(n.group)
  if (n instanceof IndexAccess) return usesStatusFunction(n.expr) || usesStatusFunction(n.index)
  return false
}

/**
 * Evaluates an `if:` condition (act/runner/expression.go EvalBool): with or without `${{ }}`,
 * wrapped in `success() && (…)` (or `always() && (…)` for a post step) when it calls no status
 * function. An empty condition is the default status check alone.
 */
export function evaluateCondition(
  cond: string | undefined,
  ctx: ExpressionContext,
  defaultCheck: 'success' | 'always'
): boolean {
  let expr = (cond ?? '').trim()
  const wrapped = /^\$\{\{([\s\S]*)\}\}$/.exec(expr)
  if (wrapped && !(wrapped[1] as string).includes('${{')) expr = (wrapped[1] as string).trim()
  else if (expr.includes('${{')) throw new ExpressionError(`unsupported mix of text and \${{ }} in if: ${cond}`)
  const statusOk = defaultCheck === 'always' ? true : ctx.jobSucceeded
  if (expr === '') return statusOk
  const node = parse(expr, ctx)
  const value = truthy(run(node, ctx))
  if (usesStatusFunction(node)) return value
  return statusOk && value
}
