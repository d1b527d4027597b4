/**
 * A small evaluator for `${{ … }}` expressions: enough for the workflows and action.yml files of
 * this project, and an error for anything else so that a test notices instead of getting a
 * silently wrong value.
 *
 * Semantics follow act/exprparser (forgejo/runner), which follows GitHub's documentation:
 *  - contexts and property names are looked up case-insensitively; a missing property is null
 *    (`secrets.MISSING` is an empty string once interpolated);
 *  - `==`/`!=` compare strings case-insensitively; values of different types are compared as
 *    numbers (null → 0, true → 1, '' → 0, a non-numeric string → NaN);
 *  - `&&`/`||` return one of their operands; falsy are false, 0, NaN, '' and null;
 *  - an `if:` without a status function is evaluated as `success() && (…)`
 *    (act/runner/step.go isStepEnabled with DefaultStatusCheckSuccess; for post steps
 *    DefaultStatusCheckAlways).
 * Supported: string/number/boolean/null literals, property access with `.name` or `['name']`,
 * `!`, `==`, `!=`, `<`, `<=`, `>`, `>=`, `&&`, `||`, parentheses, and the functions success(),
 * always(), failure(), cancelled(), contains(), startsWith(), endsWith(), format().
 */

export type Value = string | number | boolean | null | { [k: string]: Value } | Value[]

export interface ExpressionContext {
  /** top-level contexts: github, env, secrets, vars, matrix, steps, runner, job, inputs … */
  contexts: Record<string, Value>
  /** whether no earlier step has failed (success() / failure()) */
  jobSucceeded: boolean
}

export class ExpressionError extends Error {}

type Token = { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'id'; v: string } | { t: 'op'; v: string }

function tokenize(src: string): Token[] {
  const out: Token[] = []
  let i = 0
  while (i < src.length) {
    const c = src[i] as string
    if (/\s/.test(c)) {
      i++
      continue
    }
    if (c === "'") {
      let s = ''
      i++
      for (;;) {
        if (i >= src.length) throw new ExpressionError(`unterminated string in expression: ${src}`)
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            s += "'"
            i += 2
            continue
          }
          i++
          break
        }
        s += src[i]
        i++
      }
      out.push({ t: 'str', v: s })
      continue
    }
    const two = src.slice(i, i + 2)
    if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
      out.push({ t: 'op', v: two })
      i += 2
      continue
    }
    if ('!<>()[].,*'.includes(c)) {
      out.push({ t: 'op', v: c })
      i++
      continue
    }
    const num = /^(0x[0-9a-fA-F]+|-?\d+(\.\d+)?([eE][+-]?\d+)?)/.exec(src.slice(i))
    if (
      num &&
      (out.length === 0 || out[out.length - 1]?.t === 'op') &&
      !/[A-Za-z_]/.test(src[i + num[0].length] ?? '')
    ) {
      out.push({ t: 'num', v: Number(num[0]) })
      i += num[0].length
      continue
    }
    const id = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i))
    if (id) {
      out.push({ t: 'id', v: id[0] })
      i += id[0].length
      continue
    }
    throw new ExpressionError(`unsupported character '${c}' in expression: ${src}`)
  }
  return out
}

type Node =
  | { k: 'lit'; v: Value }
  | { k: 'ctx'; name: string }
  | { k: 'prop'; obj: Node; name: Node }
  | { k: 'not'; e: Node }
  | { k: 'bin'; op: string; l: Node; r: Node }
  | { k: 'call'; fn: string; args: Node[] }

class Parser {
  private pos = 0
  constructor(
    private readonly toks: Token[],
    private readonly src: string
  ) {}

  parse(): Node {
    const n = this.or()
    if (this.pos < this.toks.length) this.fail('unexpected token')
    return n
  }

  private fail(msg: string): never {
    throw new ExpressionError(`${msg} in expression: ${this.src}`)
  }
  private peek(): Token | undefined {
    return this.toks[this.pos]
  }
  private isOp(v: string): boolean {
    const t = this.peek()
    return t !== undefined && t.t === 'op' && t.v === v
  }
  private expectOp(v: string): void {
    if (!this.isOp(v)) this.fail(`expected '${v}'`)
    this.pos++
  }
  private or(): Node {
    let l = this.and()
    while (this.isOp('||')) {
      this.pos++
      l = { k: 'bin', op: '||', l, r: this.and() }
    }
    return l
  }
  private and(): Node {
    let l = this.cmp()
    while (this.isOp('&&')) {
      this.pos++
      l = { k: 'bin', op: '&&', l, r: this.cmp() }
    }
    return l
  }
  private cmp(): Node {
    let l = this.unary()
    for (;;) {
      const t = this.peek()
      if (t && t.t === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.v)) {
        this.pos++
        l = { k: 'bin', op: t.v, l, r: this.unary() }
      } else return l
    }
  }
  private unary(): Node {
    if (this.isOp('!')) {
      this.pos++
      return { k: 'not', e: this.unary() }
    }
    return this.postfix(this.primary())
  }
  private primary(): Node {
    const t = this.peek()
    if (!t) this.fail('unexpected end')
    this.pos++
    if (t.t === 'str') return { k: 'lit', v: t.v }
    if (t.t === 'num') return { k: 'lit', v: t.v }
    if (t.t === 'op' && t.v === '(') {
      const e = this.or()
      this.expectOp(')')
      return e
    }
    if (t.t === 'id') {
      const lower = t.v.toLowerCase()
      if (this.isOp('(')) {
        this.pos++
        const args: Node[] = []
        if (!this.isOp(')')) {
          args.push(this.or())
          while (this.isOp(',')) {
            this.pos++
            args.push(this.or())
          }
        }
        this.expectOp(')')
        return { k: 'call', fn: lower, args }
      }
      if (lower === 'true') return { k: 'lit', v: true }
      if (lower === 'false') return { k: 'lit', v: false }
      if (lower === 'null') return { k: 'lit', v: null }
      return { k: 'ctx', name: t.v }
    }
    this.fail(`unexpected '${t.v}'`)
  }
  private postfix(n: Node): Node {
    for (;;) {
      if (this.isOp('.')) {
        this.pos++
        const t = this.peek()
        if (!t || (t.t !== 'id' && t.t !== 'num')) {
          if (t && t.t === 'op' && t.v === '*') this.fail('object filters (.*) are not supported')
          this.fail('expected a property name')
        }
        this.pos++
        // a number after `.` is a name too: act numbers the steps without an id 0, 1, …
        n = { k: 'prop', obj: n, name: { k: 'lit', v: String(t.v) } }
      } else if (this.isOp('[')) {
        this.pos++
        if (this.isOp('*')) this.fail('object filters ([*]) are not supported')
        const name = this.or()
        this.expectOp(']')
        n = { k: 'prop', obj: n, name }
      } else return n
    }
  }
}

const STATUS_FUNCTIONS = new Set(['success', 'always', 'failure', 'cancelled'])

function usesStatusFunction(n: Node): boolean {
  switch (n.k) {
    case 'call':
      return STATUS_FUNCTIONS.has(n.fn) || n.args.some(usesStatusFunction)
    case 'not':
      return usesStatusFunction(n.e)
    case 'bin':
      return usesStatusFunction(n.l) || usesStatusFunction(n.r)
    case 'prop':
      return usesStatusFunction(n.obj) || usesStatusFunction(n.name)
    default:
      return false
  }
}

function lookup(obj: Value, name: string): Value {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    if (Array.isArray(obj) && /^\d+$/.test(name)) return obj[Number(name)] ?? null
    return null
  }
  if (Object.prototype.hasOwnProperty.call(obj, name)) return obj[name] as Value
  const lower = name.toLowerCase()
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k] as Value
  return null
}

export function truthy(v: Value): boolean {
  if (v === null || v === false || v === '' || v === 0) return false
  if (typeof v === 'number' && Number.isNaN(v)) return false
  return true
}

function toNumber(v: Value): number {
  if (v === null) return 0
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v === 'number') return v
  if (typeof v === 'string') {
    if (v.trim() === '') return 0
    return Number(v)
  }
  return NaN
}

/** Formats a value the way interpolation does: null → '', numbers and booleans as text, objects as JSON. */
export function valueToString(v: Value): string {
  if (v === null) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return JSON.stringify(v, null, 2)
}

function looseEquals(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase()
  if (a !== null && typeof a === 'object') return a === b
  if (b !== null && typeof b === 'object') return false
  if (typeof a === typeof b && typeof a !== 'string') return a === b
  return toNumber(a) === toNumber(b)
}

function compare(op: string, a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase()
    const y = b.toLowerCase()
    return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y
  }
  const x = toNumber(a)
  const y = toNumber(b)
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y
}

function evalNode(n: Node, ctx: ExpressionContext, src: string): Value {
  switch (n.k) {
    case 'lit':
      return n.v
    case 'ctx': {
      const name = n.name.toLowerCase()
      if (!Object.prototype.hasOwnProperty.call(ctx.contexts, name)) {
        throw new ExpressionError(`unsupported context '${n.name}' in expression: ${src}`)
      }
      return ctx.contexts[name] as Value
    }
    case 'prop':
      return lookup(evalNode(n.obj, ctx, src), valueToString(evalNode(n.name, ctx, src)))
    case 'not':
      return !truthy(evalNode(n.e, ctx, src))
    case 'bin': {
      if (n.op === '&&') {
        const l = evalNode(n.l, ctx, src)
        return truthy(l) ? evalNode(n.r, ctx, src) : l
      }
      if (n.op === '||') {
        const l = evalNode(n.l, ctx, src)
        return truthy(l) ? l : evalNode(n.r, ctx, src)
      }
      const l = evalNode(n.l, ctx, src)
      const r = evalNode(n.r, ctx, src)
      if (n.op === '==') return looseEquals(l, r)
      if (n.op === '!=') return !looseEquals(l, r)
      return compare(n.op, l, r)
    }
    case 'call': {
      const args = () => n.args.map((a) => evalNode(a, ctx, src))
      const arity = (k: number) => {
        if (n.args.length !== k) throw new ExpressionError(`${n.fn}() takes ${k} argument(s) in expression: ${src}`)
      }
      switch (n.fn) {
        case 'success':
          arity(0)
          return ctx.jobSucceeded
        case 'failure':
          arity(0)
          return !ctx.jobSucceeded
        case 'always':
          arity(0)
          return true
        case 'cancelled':
          arity(0)
          return false
        case 'contains': {
          arity(2)
          const [hay, needle] = args() as [Value, Value]
          if (Array.isArray(hay)) return hay.some((x) => looseEquals(x, needle))
          return valueToString(hay).toLowerCase().includes(valueToString(needle).toLowerCase())
        }
        case 'startswith': {
          arity(2)
          const [a, b] = args() as [Value, Value]
          return valueToString(a).toLowerCase().startsWith(valueToString(b).toLowerCase())
        }
        case 'endswith': {
          arity(2)
          const [a, b] = args() as [Value, Value]
          return valueToString(a).toLowerCase().endsWith(valueToString(b).toLowerCase())
        }
        case 'format': {
          if (n.args.length < 1) throw new ExpressionError(`format() needs a format string in expression: ${src}`)
          const [fmt, ...rest] = args() as [Value, ...Value[]]
          return valueToString(fmt).replace(/\{\{|\}\}|\{(\d+)\}/g, (m, i: string | undefined) => {
            if (m === '{{') return '{'
            if (m === '}}') return '}'
            const v = rest[Number(i)]
            if (v === undefined) throw new ExpressionError(`format() index ${i} out of range in expression: ${src}`)
            return valueToString(v)
          })
        }
        default:
          throw new ExpressionError(`unsupported function '${n.fn}()' in expression: ${src}`)
      }
    }
  }
}

function parse(src: string): Node {
  return new Parser(tokenize(src), src).parse()
}

/** Evaluates one expression (the text inside `${{ }}`). */
export function evaluate(expr: string, ctx: ExpressionContext): Value {
  return evalNode(parse(expr), ctx, expr)
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
  const node = parse(expr)
  const value = truthy(evalNode(node, ctx, expr))
  if (usesStatusFunction(node)) return value
  return statusOk && value
}
