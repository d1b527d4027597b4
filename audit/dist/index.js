import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 674:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Z: () => (/* binding */ writeFileAtomic)
});

// UNUSED EXPORTS: stageFile

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(598);
;// CONCATENATED MODULE: ./src/atomic-file.ts



function folderError(path) {
    return Object.assign(new Error(`${path} is a folder`), { code: 'EISDIR' });
}
function stageFile(target, content, mode) {
    const path = (0,external_node_path_namespaceObject.resolve)(target);
    let existing;
    try {
        existing = (0,external_node_fs_.lstatSync)(path);
    }
    catch {
        existing = undefined;
    }
    if (existing?.isDirectory())
        throw folderError(path);
    const tmp = (0,external_node_path_namespaceObject.join)((0,external_node_path_namespaceObject.dirname)(path), `.${(0,external_node_path_namespaceObject.basename)(path)}.${process.pid}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.tmp`);
    const previous = process.umask(0o077);
    let fd;
    try {
        fd = (0,external_node_fs_.openSync)(tmp, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL, mode & 0o700);
    }
    finally {
        process.umask(previous);
    }
    let stat;
    try {
        (0,external_node_fs_.writeSync)(fd, content);
        (0,external_node_fs_.fsyncSync)(fd);
        stat = (0,external_node_fs_.fstatSync)(fd, { bigint: true });
        (0,external_node_fs_.closeSync)(fd);
    }
    catch (e) {
        try {
            (0,external_node_fs_.closeSync)(fd);
        }
        catch {
        }
        unlinkQuietly(tmp);
        throw e;
    }
    let state = 'staged';
    return {
        path,
        dev: stat.dev,
        ino: stat.ino,
        commit() {
            if (state !== 'staged')
                throw new Error(`internal: ${path} was already ${state}`);
            (0,external_node_fs_.renameSync)(tmp, path);
            state = 'committed';
        },
        discard() {
            if (state !== 'staged')
                return;
            unlinkQuietly(tmp);
            state = 'discarded';
        }
    };
}
function unlinkQuietly(path) {
    try {
        (0,external_node_fs_.unlinkSync)(path);
    }
    catch {
    }
}
function writeFileAtomic(path, content, mode) {
    const staged = stageFile(path, content, mode);
    try {
        staged.commit();
    }
    catch (e) {
        staged.discard();
        throw e;
    }
}


/***/ }),

/***/ 46:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   JX: () => (/* binding */ periodText),
/* harmony export */   LD: () => (/* binding */ decide)
/* harmony export */ });
/* unused harmony exports CHECKS, LABELS_NAMED, someOf, soakOf, tokenOf, labelAudit */
/* harmony import */ var _words_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(846);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(564);


const CHECKS = (/* unused pure expression or super */ null && (['max-fallback-runs', 'soak-runs', 'token-expiry-days']));
const DAY_MS = 86_400_000;
const LABELS_NAMED = 20;
function someOf(items, separator) {
    if (items.length <= LABELS_NAMED)
        return items.join(separator);
    return `${items.slice(0, LABELS_NAMED).join(separator)}${separator}and ${(0,_words_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .L)(items.length - LABELS_NAMED, 'more label')}`;
}
function sorted(map) {
    return [...map.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
function soakOf(t, needed) {
    if (needed === 0)
        return { holds: true, counted: 0, needed, reason: null };
    const counted = Math.min(t.runs, needed);
    if (t.runs < needed)
        return { holds: false, counted, needed, reason: `only ${(0,_words_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .L)(t.runs, 'run')} in the period, ${needed} needed` };
    const bad = [...new Set(t.recent.filter((r) => !r.good).map((r) => r.why))];
    if (bad.length > 0)
        return { holds: false, counted, needed, reason: `${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .andList */ .cM)(bad)} among its last ${(0,_words_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .L)(needed, 'run')}` };
    return { holds: true, counted, needed, reason: null };
}
function tokenOf(t, days, now) {
    const expiresAt = t.last.tokenExpiresAt;
    if (expiresAt === null)
        return { expiresAt: null, soon: false };
    return { expiresAt, soon: expiresAt - now <= days * DAY_MS };
}
function byLabel(a, b) {
    if (a.label === b.label)
        return 0;
    if (a.label === null)
        return 1;
    if (b.label === null)
        return -1;
    return a.label < b.label ? -1 : 1;
}
function labelAudit(t, options, now) {
    const last = t.last;
    return {
        label: t.label,
        runs: t.runs,
        bySource: sorted(t.bySource),
        failures: sorted(t.failures),
        failedRuns: t.failedRuns,
        fallbackRuns: t.fallbackRuns,
        lastRun: {
            time: last.time,
            status: last.status,
            source: last.source,
            errorClass: last.errorClass,
            fallback: last.fallback
        },
        soak: soakOf(t, options.soakRuns),
        token: tokenOf(t, options.tokenExpiryDays, now)
    };
}
function periodText(options) {
    const given = /^\d+[hd]$/.test(options.sinceText) ? ` (${options.sinceText})` : '';
    return `since ${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .minuteOf */ .iA)(options.since.getTime())}${given}`;
}
function fallbackCheck(labels, total, options) {
    const max = options.maxFallbackRuns;
    const period = periodText(options);
    if (total <= max) {
        return {
            check: 'max-fallback-runs',
            ok: true,
            message: `max-fallback-runs: ${(0,_words_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .L)(total, 'fallback run')} ${period}, at most ${max} allowed`
        };
    }
    const which = labels.filter((l) => l.fallbackRuns > 0).map((l) => `${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .labelText */ .QK)(l.label)} ${l.fallbackRuns}`);
    return {
        check: 'max-fallback-runs',
        ok: false,
        message: `max-fallback-runs: ${(0,_words_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .L)(total, 'fallback run')} ${period} (${someOf(which, ', ')}), more than the ${max} allowed: the secrets of ${total === 1 ? 'that run' : 'those runs'} did not come from Infisical; fix the Infisical failure named in ${total === 1 ? 'its' : 'their'} warning`
    };
}
function soakCheck(labels, options) {
    const n = options.soakRuns;
    const good = (0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .andList */ .cM)(options.expectSources);
    if (n === 0)
        return { check: 'soak-runs', ok: true, message: 'soak-runs: 0, no soak check' };
    if (labels.length === 0) {
        return {
            check: 'soak-runs',
            ok: false,
            message: `soak-runs: no run in the ledger ${periodText(options)}: the soak cannot hold without runs; check that the fetch steps are given this ledger-path, or widen since`
        };
    }
    const failing = labels.filter((l) => !l.soak.holds);
    if (failing.length === 0) {
        return {
            check: 'soak-runs',
            ok: true,
            message: `soak-runs: the soak holds for every label (${labels.length}): the last ${(0,_words_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .L)(n, 'run')} of each succeeded through ${good}, without fallback`
        };
    }
    const which = failing.map((l) => `${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .labelText */ .QK)(l.label)} (${l.soak.reason ?? ''})`);
    return {
        check: 'soak-runs',
        ok: false,
        message: `soak-runs: the soak does not hold for ${failing.length} of ${(0,_words_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .L)(labels.length, 'label')}: ${someOf(which, '; ')} - it holds once the last ${(0,_words_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .L)(n, 'run')} of a label succeeded through ${good}, without fallback; keep any fallback until then`
    };
}
function tokenCheck(labels, options, now, earliest) {
    const days = options.tokenExpiryDays;
    const within = days === 0 ? 'has expired' : `expires within ${(0,_words_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .L)(days, 'day')}`;
    const soon = labels.filter((l) => l.token.soon);
    if (soon.length === 0) {
        const tail = earliest === null
            ? 'no latest run shows a token expiry'
            : `the earliest, ${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .dayOf */ .kb)(earliest)}, is ${days === 0 ? 'ahead' : 'further'}`;
        return {
            check: 'token-expiry-days',
            ok: true,
            message: `token-expiry-days: no token of a label's latest run ${within} (${tail})`
        };
    }
    const first = soon[0];
    const what = soon.length === 1
        ? `the token of the latest run of ${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .labelText */ .QK)(first.label)} ${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .expiryText */ .X5)(first.token.expiresAt, now)}${first.token.expiresAt > now ? `, within ${(0,_words_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .L)(days, 'day')}` : ''}`
        : `the tokens of the latest runs of ${soon.length} labels ${days === 0 ? 'have expired' : `expire within ${(0,_words_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .L)(days, 'day')}`} (${someOf(soon.map((l) => `${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .labelText */ .QK)(l.label)}: ${(0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .expiryText */ .X5)(l.token.expiresAt, now)}`), '; ')})`;
    return {
        check: 'token-expiry-days',
        ok: false,
        message: `token-expiry-days: ${what}: create a new token in Infisical, install it on the runner host (install-token-file --force), check it with mode: check, then revoke the old one in Infisical`
    };
}
function decide(tally, options, now) {
    const at = now.getTime();
    const labels = [...tally.labels.values()].sort(byLabel).map((t) => labelAudit(t, options, at));
    const sum = (f) => labels.reduce((n, l) => n + f(l), 0);
    const fallbackRuns = sum((l) => l.fallbackRuns);
    const expiries = labels.map((l) => l.token.expiresAt).filter((e) => e !== null);
    const earliestTokenExpiry = expiries.reduce((min, e) => (min === null || e < min ? e : min), null);
    const checks = [
        fallbackCheck(labels, fallbackRuns, options),
        soakCheck(labels, options),
        tokenCheck(labels, options, at, earliestTokenExpiry)
    ];
    return {
        now: at,
        options,
        lines: tally.lines,
        beforePeriod: tally.beforePeriod,
        unreadable: tally.unreadable,
        unreadableLines: [...tally.unreadableLines],
        labels,
        runs: sum((l) => l.runs),
        fallbackRuns,
        failedRuns: sum((l) => l.failedRuns),
        soakMet: options.soakRuns === 0 || (labels.length > 0 && labels.every((l) => l.soak.holds)),
        earliestTokenExpiry,
        checks,
        passed: checks.every((c) => c.ok)
    };
}


/***/ }),

/***/ 705:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  u_: () => (/* binding */ USAGE),
  oQ: () => (/* binding */ commandNames),
  Du: () => (/* binding */ parseCommandLine)
});

// UNUSED EXPORTS: FLAGS

;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
// EXTERNAL MODULE: ./src/audit/options.ts + 1 modules
var options = __nccwpck_require__(872);
;// CONCATENATED MODULE: ./src/audit/command.ts


const USAGE = `usage: node audit/dist/index.js --ledger FILE [--since 48h] [--expect-source LIST]
         [--soak-runs 3] [--max-fallback-runs 0] [--token-expiry-days 14]
         [--report-file FILE] [--json] [--help]

Reads the run ledger of a runner host (the file the Infisical action's ledger-path appends
to) and reports, per label, the runs of the period by source, the failures by class, the last
run, whether the soak holds and when the token expires; fails when a check fails.

  --ledger FILE             the ledger to read (required)
  --since PERIOD            the period: <n>h, <n>d, or an ISO 8601 date-time with its zone
                            (default ${options/* AUDIT_DEFAULTS */.vq.since})
  --expect-source LIST      the sources that count as good, comma-separated
                            (default ${options/* AUDIT_DEFAULTS */.vq['expect-source']})
  --soak-runs N             the soak holds for a label when its last N runs in the period all
                            succeeded with a good source and no fallback
                            (default ${options/* AUDIT_DEFAULTS */.vq['soak-runs']}; 0: no soak check)
  --max-fallback-runs N     more fallback runs than this in the period fail the audit (default ${options/* AUDIT_DEFAULTS */.vq['max-fallback-runs']})
  --token-expiry-days N     fail when the latest run of a label used a token that expires
                            within N days (default ${options/* AUDIT_DEFAULTS */.vq['token-expiry-days']})
  --report-file FILE        also write the report there, as Markdown (mode 0600)
  --json                    print one JSON object (the figures per label, the unreadable lines,
                            the checks and the verdict) and nothing else on standard output
  --help                    print this text

Exit status: 0 every check holds, 1 a check failed, 2 bad arguments, or the ledger or the
report file could not be read or written.
`;
const FLAGS = {
    'ledger-path': 'ledger',
    since: 'since',
    'expect-source': 'expect-source',
    'soak-runs': 'soak-runs',
    'max-fallback-runs': 'max-fallback-runs',
    'token-expiry-days': 'token-expiry-days',
    'report-file': 'report-file'
};
const commandNames = (name) => `--${FLAGS[name]}`;
function parseCommandLine(args) {
    let values;
    try {
        ;
        ({ values } = (0,external_node_util_namespaceObject.parseArgs)({
            args,
            strict: true,
            allowPositionals: false,
            options: {
                ...Object.fromEntries(Object.values(FLAGS).map((f) => [f, { type: 'string' }])),
                json: { type: 'boolean' },
                help: { type: 'boolean', short: 'h' }
            }
        }));
    }
    catch (e) {
        return { problem: e instanceof Error ? e.message : String(e) };
    }
    if (values.help === true)
        return { help: true };
    const raw = {};
    for (const [name, flag] of Object.entries(FLAGS)) {
        const v = values[flag];
        raw[name] = typeof v === 'string' ? v.trim() : '';
    }
    return { raw, json: values.json === true };
}


/***/ }),

/***/ 606:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(138);
/* harmony import */ var _log_text_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(529);
/* harmony import */ var _atomic_file_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(674);
/* harmony import */ var _regular_file_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(702);
/* harmony import */ var _command_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(705);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(872);
/* harmony import */ var _read_ledger_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(629);
/* harmony import */ var _tally_js__WEBPACK_IMPORTED_MODULE_9__ = __nccwpck_require__(324);
/* harmony import */ var _checks_js__WEBPACK_IMPORTED_MODULE_7__ = __nccwpck_require__(46);
/* harmony import */ var _report_js__WEBPACK_IMPORTED_MODULE_8__ = __nccwpck_require__(261);










const TROUBLE = 2;
function fileText(path) {
    return (0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)((0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .cut */ .Jj)(path, 300));
}
function trouble(form, message) {
    if (form.json)
        process.stdout.write(`${JSON.stringify({ schema: 1, verdict: 'error', error: message })}\n`);
    else
        _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(message);
    process.exitCode = TROUBLE;
}
async function audit(raw, form, now) {
    const { options, problems } = (0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .parseAuditInputs */ .aV)(raw, now, form.action ? _options_js__WEBPACK_IMPORTED_MODULE_5__/* .actionNames */ .Bk : _command_js__WEBPACK_IMPORTED_MODULE_4__/* .commandNames */ .oQ);
    if (problems.length > 0) {
        const list = problems.map((p, i) => `(${i + 1}) ${p}`).join('; ');
        if (form.action)
            trouble(form, `the inputs of the audit step are not valid: ${list} - fix them under with: of the audit step`);
        else {
            process.stderr.write(`${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)(`bad arguments: ${list}`)}\n\n${_command_js__WEBPACK_IMPORTED_MODULE_4__/* .USAGE */ .u_}`);
            process.exitCode = TROUBLE;
        }
        return;
    }
    const tally = new _tally_js__WEBPACK_IMPORTED_MODULE_9__/* .Tally */ .F0(options.since.getTime(), options.soakRuns, options.expectSources);
    const read = await (0,_read_ledger_js__WEBPACK_IMPORTED_MODULE_6__/* .readLedger */ .SC)(options.ledgerPath, (line, text) => tally.addLine(line, text));
    if ('problem' in read) {
        const p = read.problem;
        const hint = p.kind === 'open' && p.code === 'ENOENT'
            ? ': the fetch steps create it on their first run with ledger-path; check that this path is the one they are given, on this runner host'
            : p.kind === 'open' && (p.code === 'EACCES' || p.code === 'EPERM')
                ? ': the fetch steps create it mode 0600, so the audit must run as the runner user'
                : '';
        trouble(form, `the ledger ${fileText(options.ledgerPath)} ${(0,_regular_file_js__WEBPACK_IMPORTED_MODULE_3__/* .describeFileProblem */ .Rw)(p)}${hint}`);
        return;
    }
    const result = (0,_checks_js__WEBPACK_IMPORTED_MODULE_7__/* .decide */ .LD)(tally, options, now);
    if (options.reportFile !== '') {
        try {
            (0,_atomic_file_js__WEBPACK_IMPORTED_MODULE_2__/* .writeFileAtomic */ .Z)(options.reportFile, (0,_report_js__WEBPACK_IMPORTED_MODULE_8__/* .markdownReport */ .qN)(result, options.ledgerPath), _report_js__WEBPACK_IMPORTED_MODULE_8__/* .REPORT_MODE */ .HA);
        }
        catch (e) {
            trouble(form, `the report file ${fileText(options.reportFile)} cannot be written (${e.code ?? String(e)}): its folder must exist and be writable by the runner user`);
            return;
        }
    }
    if (form.action) {
        _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .setOutputs */ .n0([
            ['runs', String(result.runs)],
            ['fallback-runs', String(result.fallbackRuns)],
            ['failed-runs', String(result.failedRuns)],
            ['soak-met', String(result.soakMet)],
            [
                'earliest-token-expiry',
                result.earliestTokenExpiry === null ? '' : new Date(result.earliestTokenExpiry).toISOString()
            ]
        ]);
    }
    if (form.json) {
        process.stdout.write(`${JSON.stringify((0,_report_js__WEBPACK_IMPORTED_MODULE_8__/* .jsonReport */ .L7)(result, options.ledgerPath))}\n`);
    }
    else {
        _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`audit of the ledger ${fileText(options.ledgerPath)}: ${(0,_report_js__WEBPACK_IMPORTED_MODULE_8__/* .headline */ .Pl)(result)}`);
        for (const line of (0,_report_js__WEBPACK_IMPORTED_MODULE_8__/* .textTable */ .ed)(result))
            _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(line);
        const unreadable = (0,_report_js__WEBPACK_IMPORTED_MODULE_8__/* .unreadableText */ .LF)(result);
        if (unreadable !== null)
            _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(unreadable);
        for (const line of (0,_report_js__WEBPACK_IMPORTED_MODULE_8__/* .failureLines */ .w7)(result))
            _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(line);
        if (options.reportFile !== '')
            _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`report written to ${fileText(options.reportFile)}`);
        _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq((0,_report_js__WEBPACK_IMPORTED_MODULE_8__/* .verdictLine */ .MT)(result));
    }
    process.exitCode = result.passed ? 0 : 1;
}
let form = { action: false, json: false };
async function main() {
    const env = process.env;
    const now = new Date();
    if ((0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .isActionForm */ .tI)(env)) {
        form = { action: true, json: false };
        await audit((0,_options_js__WEBPACK_IMPORTED_MODULE_5__/* .readAuditInputs */ .hy)(env), form, now);
        return;
    }
    const command = (0,_command_js__WEBPACK_IMPORTED_MODULE_4__/* .parseCommandLine */ .Du)(process.argv.slice(2));
    if ('help' in command) {
        process.stdout.write(_command_js__WEBPACK_IMPORTED_MODULE_4__/* .USAGE */ .u_);
        return;
    }
    if ('problem' in command) {
        process.stderr.write(`${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .oneLine */ .TN)(command.problem)}\n\n${_command_js__WEBPACK_IMPORTED_MODULE_4__/* .USAGE */ .u_}`);
        process.exitCode = TROUBLE;
        return;
    }
    form = { action: false, json: command.json };
    await audit(command.raw, form, now);
}
try {
    await main();
}
catch (e) {
    trouble(form, `the audit failed unexpectedly: ${e instanceof Error ? e.message : String(e)} - this is a bug of the action: please report it with the log`);
}

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 872:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  vq: () => (/* binding */ AUDIT_DEFAULTS),
  Bk: () => (/* binding */ actionNames),
  tI: () => (/* binding */ isActionForm),
  aV: () => (/* binding */ parseAuditInputs),
  hy: () => (/* binding */ readAuditInputs)
});

// UNUSED EXPORTS: AUDIT_INPUT_NAMES, LIMITS, SOURCES, parseSince

// EXTERNAL MODULE: ./src/log-text.ts
var log_text = __nccwpck_require__(529);
;// CONCATENATED MODULE: ./src/inputs.ts
const INPUT_NAMES = (/* unused pure expression or super */ null && ([
    'infisical-url',
    'auth-method',
    'token',
    'token-file',
    'client-id',
    'client-secret',
    'oidc-audience',
    'identity-id',
    'project-id',
    'environment',
    'secret-path',
    'secrets',
    'include-imports',
    'export-env',
    'export-file',
    'export-format',
    'run',
    'mode',
    'fallback',
    'fallback-env-file',
    'fallback-until',
    'marker-path',
    'marker-key',
    'label',
    'ledger-path',
    'timeout-seconds',
    'retries',
    'ca-certificate',
    'allow-insecure-http',
    'token-expiry-warning-days'
]));
function inputVariable(name) {
    return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}
function readInputsOf(names, env) {
    const raw = {};
    for (const name of names)
        raw[name] = (env[inputVariable(name)] ?? '').trim();
    return raw;
}
function readInputs(env) {
    return readInputsOf(INPUT_NAMES, env);
}

// EXTERNAL MODULE: ./src/rules.ts
var rules = __nccwpck_require__(244);
;// CONCATENATED MODULE: ./src/audit/options.ts


const AUDIT_INPUT_NAMES = [
    'ledger-path',
    'since',
    'expect-source',
    'soak-runs',
    'max-fallback-runs',
    'token-expiry-days',
    'report-file'
];
const AUDIT_DEFAULTS = {
    'ledger-path': '',
    since: '48h',
    'expect-source': 'infisical-token-auth',
    'soak-runs': '3',
    'max-fallback-runs': '0',
    'token-expiry-days': '14',
    'report-file': ''
};


function isActionForm(env) {
    return env[inputVariable('ledger-path')] !== undefined;
}
function readAuditInputs(env) {
    return readInputsOf(AUDIT_INPUT_NAMES, env);
}
const actionNames = (name) => name;
const LIMITS = {
    hours: 24 * 3650,
    days: 3650,
    soakRuns: 100,
    maxFallbackRuns: 1_000_000,
    tokenExpiryDays: 3650
};
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
function shown(value) {
    return (0,log_text/* quoted */.TL)((0,log_text/* cut */.Jj)(value, 80));
}
function parseSince(text, now, name = 'since') {
    const rel = /^(\d{1,6})([hd])$/.exec(text);
    if (rel) {
        const n = Number(rel[1]);
        const unit = rel[2];
        const max = unit === 'h' ? LIMITS.hours : LIMITS.days;
        if (n < 1 || n > max)
            return { problem: `${name} ${shown(text)} is out of range: from 1${unit} to ${max}${unit}` };
        return { since: new Date(now.getTime() - n * (unit === 'h' ? 3_600_000 : 86_400_000)) };
    }
    if (DATE_TIME.test(text)) {
        const t = Date.parse(text);
        if (Number.isNaN(t))
            return { problem: `${name} ${shown(text)} is not a valid date-time` };
        if (t > now.getTime())
            return { problem: `${name} ${shown(text)} is in the future: the period would hold no run` };
        return { since: new Date(t) };
    }
    if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+)?$/.test(text)) {
        return {
            problem: `${name} ${shown(text)} has no time zone: write it as a date-time with its zone, e.g. 2026-05-12T00:00:00Z`
        };
    }
    return {
        problem: `${name} ${shown(text)} is not a period: use <n>h (48h), <n>d (7d) or an ISO 8601 date-time with its zone (2026-05-12T07:44:00Z)`
    };
}
function wholeNumber(raw, name, max, meaning, problems, fallback) {
    if (raw === '')
        return fallback;
    if (/^\d{1,9}$/.test(raw) && Number(raw) <= max)
        return Number(raw);
    problems.push(`${name} must be a whole number from 0 to ${max} (${meaning}), got ${shown(raw)}`);
    return fallback;
}
function parseAuditInputs(raw, now, nameOf = actionNames) {
    const problems = [];
    const value = (name) => (raw[name] === '' ? AUDIT_DEFAULTS[name] : raw[name]);
    const ledgerPath = raw['ledger-path'];
    if (ledgerPath === '')
        problems.push(`${nameOf('ledger-path')} is required: the file the fetch steps append to with their ledger-path input`);
    const sinceText = value('since');
    const period = parseSince(sinceText, now, nameOf('since'));
    let since = new Date(now.getTime() - 48 * 3_600_000);
    if ('problem' in period)
        problems.push(period.problem);
    else
        since = period.since;
    const expectSources = [];
    for (const s of (0,rules/* listOf */.c3)(value('expect-source'))) {
        if (rules/* SOURCES */.Hl.includes(s))
            expectSources.push(s);
        else
            problems.push(`${nameOf('expect-source')} ${shown(s)} is not a source: use ${rules/* SOURCES */.Hl.join(', ')} (comma-separated)`);
    }
    if (expectSources.length === 0 && !problems.some((p) => p.startsWith(nameOf('expect-source'))))
        expectSources.push('infisical-token-auth');
    const soakRuns = wholeNumber(value('soak-runs'), nameOf('soak-runs'), LIMITS.soakRuns, '0: no soak check', problems, 3);
    const maxFallbackRuns = wholeNumber(value('max-fallback-runs'), nameOf('max-fallback-runs'), LIMITS.maxFallbackRuns, 'fallback runs allowed in the period', problems, 0);
    const tokenExpiryDays = wholeNumber(value('token-expiry-days'), nameOf('token-expiry-days'), LIMITS.tokenExpiryDays, '0: only an expired token fails', problems, 14);
    return {
        options: {
            ledgerPath,
            since,
            sinceText,
            expectSources,
            soakRuns,
            maxFallbackRuns,
            tokenExpiryDays,
            reportFile: raw['report-file']
        },
        problems
    };
}


/***/ }),

/***/ 629:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  SC: () => (/* binding */ readLedger)
});

// UNUSED EXPORTS: LineSplitter, MAX_LINE_BYTES

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: ./src/audit/read-ledger.ts


const MAX_LINE_BYTES = 64 * 1024;
const CHUNK_BYTES = 1024 * 1024;
const LF = 0x0a;
const CR = 0x0d;
function kindOf(st) {
    if (st.isDirectory())
        return 'a folder';
    if (st.isFIFO())
        return 'a FIFO (named pipe)';
    if (st.isCharacterDevice() || st.isBlockDevice())
        return 'a device';
    if (st.isSocket())
        return 'a socket';
    return 'not a regular file';
}
class LineSplitter {
    onLine;
    maxLine;
    pieces = [];
    pending = 0;
    tooLong = false;
    line = 0;
    constructor(onLine, maxLine = MAX_LINE_BYTES) {
        this.onLine = onLine;
        this.maxLine = maxLine;
    }
    push(chunk) {
        let start = 0;
        for (;;) {
            const lf = chunk.indexOf(LF, start);
            if (lf === -1) {
                this.keep(chunk, start, chunk.length);
                return;
            }
            if (this.pending === 0 && !this.tooLong) {
                const end = lf > start && chunk[lf - 1] === CR ? lf - 1 : lf;
                this.emit(end - start > this.maxLine ? null : chunk.toString('utf8', start, end));
            }
            else {
                this.keep(chunk, start, lf);
                this.flush();
            }
            start = lf + 1;
        }
    }
    end() {
        if (this.pending > 0 || this.tooLong)
            this.flush();
    }
    keep(chunk, from, to) {
        if (to <= from || this.tooLong)
            return;
        if (this.pending + (to - from) > this.maxLine + 1) {
            this.tooLong = true;
            this.pieces = [];
            this.pending = 0;
            return;
        }
        this.pieces.push(Buffer.from(chunk.subarray(from, to)));
        this.pending += to - from;
    }
    flush() {
        if (this.tooLong)
            this.emit(null);
        else {
            const all = Buffer.concat(this.pieces, this.pending);
            const end = all.length > 0 && all[all.length - 1] === CR ? all.length - 1 : all.length;
            this.emit(end > this.maxLine ? null : all.toString('utf8', 0, end));
        }
        this.pieces = [];
        this.pending = 0;
        this.tooLong = false;
    }
    emit(text) {
        this.line++;
        this.onLine(this.line, text);
    }
}
async function readLedger(path, onLine) {
    let handle;
    try {
        handle = await (0,promises_namespaceObject.open)(path, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOCTTY | external_node_fs_.constants.O_NONBLOCK);
    }
    catch (e) {
        return { problem: { kind: 'open', code: e.code ?? String(e) } };
    }
    try {
        const st = await handle.stat();
        if (!st.isFile())
            return { problem: { kind: 'not-regular', what: kindOf(st) } };
        const splitter = new LineSplitter(onLine);
        const buf = Buffer.allocUnsafe(CHUNK_BYTES);
        let bytes = 0;
        for (;;) {
            const { bytesRead } = await handle.read(buf, 0, buf.length, null);
            if (bytesRead === 0)
                break;
            bytes += bytesRead;
            splitter.push(buf.subarray(0, bytesRead));
        }
        splitter.end();
        return { bytes };
    }
    catch (e) {
        return { problem: { kind: 'open', code: e.code ?? String(e) } };
    }
    finally {
        await handle.close();
    }
}


/***/ }),

/***/ 261:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   HA: () => (/* binding */ REPORT_MODE),
/* harmony export */   L7: () => (/* binding */ jsonReport),
/* harmony export */   LF: () => (/* binding */ unreadableText),
/* harmony export */   MT: () => (/* binding */ verdictLine),
/* harmony export */   Pl: () => (/* binding */ headline),
/* harmony export */   ed: () => (/* binding */ textTable),
/* harmony export */   qN: () => (/* binding */ markdownReport),
/* harmony export */   w7: () => (/* binding */ failureLines)
/* harmony export */ });
/* unused harmony exports COLUMNS, rows */
/* harmony import */ var _checks_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(46);
/* harmony import */ var _words_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(846);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(564);



const REPORT_MODE = 0o600;
const COLUMNS = ['label', 'runs', 'by source', 'failures by class', 'last run', 'soak', 'token expiry'];
function counts(pairs) {
    return pairs.length === 0 ? '-' : pairs.map(([k, n]) => `${k} ${n}`).join(', ');
}
function lastRunText(l) {
    const r = l.lastRun;
    const what = r.status === 'failed'
        ? `failed (${r.errorClass ?? 'unknown'})`
        : r.errorClass === 'command-failed'
            ? `failed (command-failed)`
            : (r.source ?? 'no source');
    return `${(0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .minuteOf */ .iA)(r.time)} ${what}`;
}
function soakText(l) {
    const s = l.soak;
    if (s.needed === 0)
        return 'not checked';
    return s.holds ? `holds (${s.counted}/${s.needed})` : `no: ${s.reason ?? ''}`;
}
function tokenText(l, now) {
    const t = l.token;
    if (t.expiresAt === null)
        return '-';
    return `${(0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .dayOf */ .kb)(t.expiresAt)} (${(0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .fromNow */ .PI)(t.expiresAt, now)})${t.soon ? ' !' : ''}`;
}
function rows(result, labelMax = 40) {
    return result.labels.map((l) => [
        (0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .labelText */ .QK)(l.label, labelMax),
        String(l.runs),
        counts(l.bySource),
        counts(l.failures),
        lastRunText(l),
        soakText(l),
        tokenText(l, result.now)
    ]);
}
function headline(result) {
    return `${(0,_words_js__WEBPACK_IMPORTED_MODULE_2__/* .plural */ .L)(result.runs, 'run')} in ${(0,_words_js__WEBPACK_IMPORTED_MODULE_2__/* .plural */ .L)(result.labels.length, 'label')} ${(0,_checks_js__WEBPACK_IMPORTED_MODULE_0__/* .periodText */ .JX)(result.options)}: ${result.fallbackRuns} fallback, ${result.failedRuns} failed`;
}
function unreadableText(result) {
    if (result.unreadable === 0)
        return null;
    const shown = result.unreadableLines.map((u) => `line ${u.line} (${u.reason})`).join(', ');
    const more = result.unreadable > result.unreadableLines.length
        ? `, and ${result.unreadable - result.unreadableLines.length} more`
        : '';
    return `${(0,_words_js__WEBPACK_IMPORTED_MODULE_2__/* .plural */ .L)(result.unreadable, 'line')} of the ledger could not be read and ${result.unreadable === 1 ? 'was' : 'were'} skipped: ${shown}${more}`;
}
function textTable(result) {
    const body = rows(result);
    const all = [[...COLUMNS], ...body];
    const widths = COLUMNS.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
    const line = (r) => r
        .map((c, i) => (i === 1 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd();
    const out = [line([...COLUMNS]), widths.map((w) => '-'.repeat(w)).join('  ')];
    if (body.length === 0)
        out.push(`(no run in the ledger ${(0,_checks_js__WEBPACK_IMPORTED_MODULE_0__/* .periodText */ .JX)(result.options)})`);
    else
        out.push(...body.map(line));
    return out;
}
function failureLines(result) {
    return result.checks.filter((c) => !c.ok).map((c) => c.message);
}
function verdictLine(result) {
    const failed = result.checks.filter((c) => !c.ok).map((c) => c.check);
    return failed.length === 0 ? 'audit passed: every check holds' : `audit failed: ${failed.join(', ')}`;
}
function markdownReport(result, ledgerPath) {
    const out = [];
    out.push('# Infisical run ledger audit', '');
    out.push(`Ledger ${(0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .markdownCell */ .UZ)(ledgerPath)}: ${(0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .markdownCell */ .UZ)(headline(result))}.`, '');
    out.push(`| ${COLUMNS.join(' | ')} |`, `| ${COLUMNS.map((_, i) => (i === 1 ? '---:' : '---')).join(' | ')} |`);
    for (const r of rows(result, 100))
        out.push(`| ${r.map(_text_js__WEBPACK_IMPORTED_MODULE_1__/* .markdownCell */ .UZ).join(' | ')} |`);
    if (result.labels.length === 0)
        out.push(`| ${(0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .markdownCell */ .UZ)(`(no run ${(0,_checks_js__WEBPACK_IMPORTED_MODULE_0__/* .periodText */ .JX)(result.options)})`)} |${' |'.repeat(COLUMNS.length - 1)}`);
    out.push('', '## Checks', '');
    for (const c of result.checks)
        out.push(`- ${c.ok ? 'pass' : '**FAIL**'}: ${(0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .markdownCell */ .UZ)(c.message)}`);
    const unreadable = unreadableText(result);
    if (unreadable !== null)
        out.push('', (0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .markdownCell */ .UZ)(unreadable));
    out.push('', (0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .markdownCell */ .UZ)(verdictLine(result)), '');
    return out.join('\n');
}
const iso = (ms) => (ms === null ? null : new Date(ms).toISOString());
function jsonReport(result, ledgerPath) {
    const o = result.options;
    return {
        schema: 1,
        ledger: ledgerPath,
        now: iso(result.now),
        since: iso(o.since.getTime()),
        options: {
            since: o.sinceText,
            expectSource: o.expectSources,
            soakRuns: o.soakRuns,
            maxFallbackRuns: o.maxFallbackRuns,
            tokenExpiryDays: o.tokenExpiryDays
        },
        lines: result.lines,
        beforePeriod: result.beforePeriod,
        unreadable: { count: result.unreadable, first: result.unreadableLines },
        runs: result.runs,
        fallbackRuns: result.fallbackRuns,
        failedRuns: result.failedRuns,
        soakMet: result.soakMet,
        earliestTokenExpiry: iso(result.earliestTokenExpiry),
        labels: result.labels.map((l) => ({
            label: l.label,
            runs: l.runs,
            bySource: Object.fromEntries(l.bySource),
            failures: Object.fromEntries(l.failures),
            failedRuns: l.failedRuns,
            fallbackRuns: l.fallbackRuns,
            lastRun: {
                createdAt: iso(l.lastRun.time),
                status: l.lastRun.status,
                source: l.lastRun.source,
                errorClass: l.lastRun.errorClass,
                fallback: l.lastRun.fallback
            },
            soak: { holds: l.soak.holds, runs: l.soak.counted, needed: l.soak.needed, reason: l.soak.reason },
            tokenExpiresAt: iso(l.token.expiresAt),
            tokenExpiresSoon: l.token.soon
        })),
        checks: result.checks.map((c) => ({ check: c.check, ok: c.ok, message: c.message })),
        verdict: result.passed ? 'pass' : 'fail'
    };
}


/***/ }),

/***/ 324:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  F0: () => (/* binding */ Tally)
});

// UNUSED EXPORTS: UNREADABLE_KEPT, insertRecent, outcomeOf

// EXTERNAL MODULE: ./src/rules.ts
var rules = __nccwpck_require__(244);
;// CONCATENATED MODULE: ./src/audit/ledger-line.ts

const WORD = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
function instant(v) {
    if (typeof v !== 'string' || !ISO_DATE_TIME.test(v))
        return undefined;
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
}
function parseLedgerLine(text) {
    if (text.trim() === '')
        return { blank: true };
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        return { problem: 'not JSON' };
    }
    if (!(0,rules/* isObject */.Gv)(json))
        return { problem: `${(0,rules/* kindOfJson */.aO)(json)}, not a JSON object` };
    if (json.schema !== 1) {
        if (typeof json.schema === 'number' && Number.isInteger(json.schema) && Math.abs(json.schema) < 1e6)
            return { problem: `schema ${json.schema}, not 1` };
        return { problem: 'no "schema": 1' };
    }
    const problems = [];
    const time = instant(json.createdAt);
    if (time === undefined)
        problems.push('createdAt is not an ISO 8601 date-time');
    const status = json.status;
    if (status !== 'ok' && status !== 'failed')
        problems.push('status is not ok or failed');
    const word = (field) => {
        const v = json[field];
        if (v === null)
            return null;
        if (typeof v === 'string' && WORD.test(v))
            return v;
        problems.push(`${field} is not a word or null`);
        return null;
    };
    const source = word('source');
    const errorClass = word('errorClass');
    const fallback = word('fallback');
    const label = json.label;
    if (label !== null && typeof label !== 'string')
        problems.push('label is not a text or null');
    let tokenExpiresAt = null;
    if (json.tokenExpiresAt !== null) {
        const t = instant(json.tokenExpiresAt);
        if (t === undefined)
            problems.push('tokenExpiresAt is not an ISO 8601 date-time or null');
        else
            tokenExpiresAt = t;
    }
    if (problems.length > 0)
        return { problem: problems.join(', ') };
    return {
        run: {
            time: time,
            status: status,
            source,
            label: label,
            errorClass,
            tokenExpiresAt,
            fallback
        }
    };
}

;// CONCATENATED MODULE: ./src/audit/tally.ts

function outcomeOf(run, expectSources) {
    const fallback = run.fallback !== null || run.source === 'direct-env-fallback';
    if (run.status === 'failed') {
        const failure = run.errorClass ?? 'unknown';
        return { failure, fallback, good: false, why: `a failed run (${failure})` };
    }
    if (run.errorClass === 'command-failed')
        return { failure: 'command-failed', fallback, good: false, why: 'a failed run (command-failed)' };
    if (fallback)
        return { failure: null, fallback, good: false, why: `a fallback run (${run.fallback ?? 'direct-env-fallback'})` };
    if (run.source === null || !expectSources.includes(run.source))
        return { failure: null, fallback, good: false, why: `a run through ${run.source ?? 'no source'}` };
    return { failure: null, fallback, good: true, why: '' };
}
const UNREADABLE_KEPT = 10;
function later(aTime, aLine, bTime, bLine) {
    return aTime > bTime || (aTime === bTime && aLine > bLine);
}
function bump(map, key) {
    map.set(key, (map.get(key) ?? 0) + 1);
}
class Tally {
    since;
    soakRuns;
    expectSources;
    lines = 0;
    beforePeriod = 0;
    unreadable = 0;
    unreadableLines = [];
    labels = new Map();
    constructor(since, soakRuns, expectSources) {
        this.since = since;
        this.soakRuns = soakRuns;
        this.expectSources = expectSources;
    }
    addLine(line, text) {
        this.lines = Math.max(this.lines, line);
        if (text === null) {
            this.addUnreadable(line, 'longer than a ledger line can be');
            return;
        }
        const parsed = parseLedgerLine(text);
        if ('blank' in parsed)
            return;
        if ('problem' in parsed)
            this.addUnreadable(line, parsed.problem);
        else
            this.addRun(line, parsed.run);
    }
    addUnreadable(line, reason) {
        this.unreadable++;
        if (this.unreadableLines.length < UNREADABLE_KEPT)
            this.unreadableLines.push({ line, reason });
    }
    addRun(line, run) {
        if (run.time < this.since) {
            this.beforePeriod++;
            return;
        }
        let t = this.labels.get(run.label);
        if (t === undefined) {
            t = {
                label: run.label,
                runs: 0,
                bySource: new Map(),
                failures: new Map(),
                failedRuns: 0,
                fallbackRuns: 0,
                last: run,
                lastLine: line,
                recent: []
            };
            this.labels.set(run.label, t);
        }
        const outcome = outcomeOf(run, this.expectSources);
        t.runs++;
        if (run.source !== null)
            bump(t.bySource, run.source);
        if (outcome.failure !== null) {
            t.failedRuns++;
            bump(t.failures, outcome.failure);
        }
        if (outcome.fallback)
            t.fallbackRuns++;
        if (later(run.time, line, t.last.time, t.lastLine)) {
            t.last = run;
            t.lastLine = line;
        }
        if (this.soakRuns > 0)
            insertRecent(t.recent, { time: run.time, line, good: outcome.good, why: outcome.why }, this.soakRuns);
    }
}
function insertRecent(recent, r, keep) {
    let i = recent.length;
    while (i > 0 && later(recent[i - 1].time, recent[i - 1].line, r.time, r.line))
        i--;
    if (recent.length >= keep && i === 0)
        return;
    recent.splice(i, 0, r);
    if (recent.length > keep)
        recent.shift();
}


/***/ }),

/***/ 564:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   PI: () => (/* binding */ fromNow),
/* harmony export */   QK: () => (/* binding */ labelText),
/* harmony export */   UZ: () => (/* binding */ markdownCell),
/* harmony export */   X5: () => (/* binding */ expiryText),
/* harmony export */   cM: () => (/* binding */ andList),
/* harmony export */   iA: () => (/* binding */ minuteOf),
/* harmony export */   kb: () => (/* binding */ dayOf)
/* harmony export */ });
/* unused harmony export NO_LABEL */
/* harmony import */ var _log_text_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(529);

const NO_LABEL = '(no label)';
function labelText(label, max = 40) {
    if (label === null)
        return NO_LABEL;
    const flat = (0,_log_text_js__WEBPACK_IMPORTED_MODULE_0__/* .oneLine */ .TN)(label);
    const short = flat.length > max ? (0,_log_text_js__WEBPACK_IMPORTED_MODULE_0__/* .cut */ .Jj)(flat, max) : flat;
    return short === '' || short === NO_LABEL || short.trim() !== short ? (0,_log_text_js__WEBPACK_IMPORTED_MODULE_0__/* .quoted */ .TL)(short) : short;
}
const DAY_MS = 86_400_000;
function dayOf(ms) {
    return new Date(ms).toISOString().slice(0, 10);
}
function minuteOf(ms) {
    const iso = new Date(ms).toISOString();
    return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
function fromNow(ms, now) {
    const d = ms - now;
    const abs = Math.abs(d);
    const amount = abs < 2 * DAY_MS ? `${Math.round(abs / 3_600_000)} h` : `${Math.round(abs / DAY_MS)} days`;
    return d >= 0 ? `in ${amount}` : `${amount} ago`;
}
function expiryText(ms, now) {
    return `${ms > now ? 'expires' : 'expired'} on ${dayOf(ms)} (${fromNow(ms, now)})`;
}
function andList(items) {
    if (items.length <= 1)
        return items.join('');
    return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
function markdownCell(text) {
    return (0,_log_text_js__WEBPACK_IMPORTED_MODULE_0__/* .oneLine */ .TN)(text).replace(/[\\|`*_[\]<>#&~]/g, (c) => `\\${c}`);
}


/***/ }),

/***/ 529:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Jj: () => (/* binding */ cut),
/* harmony export */   TL: () => (/* binding */ quoted),
/* harmony export */   TN: () => (/* binding */ oneLine),
/* harmony export */   pO: () => (/* binding */ Redactor)
/* harmony export */ });
/* unused harmony export FRAGMENT */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
function escapeControl(c) {
    return NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
function oneLine(text) {
    const flat = text.replace(CONTROL, escapeControl);
    const lead = /^\s*/.exec(flat)?.[0] ?? '';
    const rest = flat.slice(lead.length);
    if (rest.startsWith('::') || rest.startsWith('##['))
        return `${lead}\\u${rest.charCodeAt(0).toString(16).padStart(4, '0')}${rest.slice(1)}`;
    return flat;
}
function quoted(text) {
    return `"${oneLine(text)}"`;
}
function cut(text, max) {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
const FRAGMENT = 8;
const MIN_WHOLE_LINE = 4;
class Redactor {
    grams = new Set();
    whole = new Set();
    seen = new Set();
    add(value) {
        if (value === undefined || value.trim() === '' || this.seen.has(value))
            return;
        this.seen.add(value);
        for (const text of value.includes('\n') ? [value, ...value.split(/\r?\n/)] : [value]) {
            if (text.length >= FRAGMENT) {
                for (let i = 0; i + FRAGMENT <= text.length; i++)
                    this.grams.add(text.slice(i, i + FRAGMENT));
            }
            else if (text.trim() !== '' && (text === value || text.length >= MIN_WHOLE_LINE)) {
                this.whole.add(text);
            }
        }
    }
    values() {
        return [...this.seen];
    }
    redact(text, opts = {}) {
        let out = text;
        if (opts.fragments !== false && this.grams.size > 0 && out.length >= FRAGMENT) {
            const covered = new Uint8Array(out.length);
            let any = false;
            for (let i = 0; i + FRAGMENT <= out.length; i++) {
                if (this.grams.has(out.slice(i, i + FRAGMENT))) {
                    covered.fill(1, i, i + FRAGMENT);
                    any = true;
                }
            }
            if (any) {
                let r = '';
                for (let i = 0; i < out.length;) {
                    if (covered[i] === 1) {
                        while (i < out.length && covered[i] === 1)
                            i++;
                        r += '***';
                    }
                    else {
                        r += out[i];
                        i++;
                    }
                }
                out = r;
            }
        }
        const whole = opts.fragments === false
            ? [...this.seen.values()].flatMap((v) => [v, ...v.split(/\r?\n/)].filter((t) => t.trim() !== '' && (t === v || t.length >= MIN_WHOLE_LINE)))
            : [];
        for (const w of [...this.whole, ...whole].sort((a, b) => b.length - a.length))
            out = out.split(w).join('***');
        return out;
    }
}


/***/ }),

/***/ 702:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Rw: () => (/* binding */ describeFileProblem)
/* harmony export */ });
/* unused harmony exports MAX_INPUT_FILE_BYTES, readRegularFile */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(24);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);

const MAX_INPUT_FILE_BYTES = 1024 * 1024;
function kindOf(st) {
    if (st.isDirectory())
        return 'a folder';
    if (st.isFIFO())
        return 'a FIFO (named pipe)';
    if (st.isCharacterDevice() || st.isBlockDevice())
        return 'a device';
    if (st.isSocket())
        return 'a socket';
    return 'not a regular file';
}
function describeFileProblem(p, maxBytes = MAX_INPUT_FILE_BYTES) {
    switch (p.kind) {
        case 'open':
            if (p.code === 'ENOENT')
                return 'does not exist';
            if (p.code === 'EACCES')
                return 'cannot be read by the runner user';
            return `cannot be opened (${p.code})`;
        case 'not-regular':
            return `is ${p.what}, not a regular file`;
        case 'too-large':
            return `is larger than ${Math.round(maxBytes / 1024)} KiB (${p.bytes} bytes)`;
    }
}
function readRegularFile(path, maxBytes = MAX_INPUT_FILE_BYTES, check) {
    let fd;
    try {
        fd = openSync(path, constants.O_RDONLY | constants.O_NOCTTY | constants.O_NONBLOCK);
    }
    catch (e) {
        return { problem: { kind: 'open', code: e.code ?? String(e) } };
    }
    try {
        const stat = fstatSync(fd);
        if (!stat.isFile())
            return { problem: { kind: 'not-regular', what: kindOf(stat) } };
        if (stat.size > maxBytes)
            return { problem: { kind: 'too-large', bytes: stat.size } };
        check?.(stat);
        const buf = Buffer.alloc(maxBytes + 1);
        let n = 0;
        for (;;) {
            const got = readSync(fd, buf, n, buf.length - n, null);
            if (got === 0)
                break;
            n += got;
            if (n > maxBytes)
                return { problem: { kind: 'too-large', bytes: n } };
        }
        return { text: buf.subarray(0, n).toString('utf8'), stat };
    }
    finally {
        closeSync(fd);
    }
}


/***/ }),

/***/ 244:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Gv: () => (/* binding */ isObject),
/* harmony export */   Hl: () => (/* binding */ SOURCES),
/* harmony export */   aO: () => (/* binding */ kindOfJson),
/* harmony export */   c3: () => (/* binding */ listOf)
/* harmony export */ });
/* unused harmony exports ENV_NAME, MARKER_KEY, yamlBoolean */
const SOURCES = [
    'infisical-token-auth',
    'infisical-universal-auth',
    'infisical-oidc-auth',
    'direct-env-fallback'
];
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MARKER_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
function yamlBoolean(value) {
    if (['true', 'True', 'TRUE'].includes(value))
        return true;
    if (['false', 'False', 'FALSE'].includes(value))
        return false;
    return undefined;
}
function listOf(value) {
    return [
        ...new Set(value
            .split(/[,\n]/)
            .map((s) => s.trim())
            .filter((s) => s !== ''))
    ];
}
function isObject(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v);
}
function kindOfJson(v) {
    if (v === null)
        return 'null';
    if (Array.isArray(v))
        return 'an array';
    return `a ${typeof v}`;
}


/***/ }),

/***/ 846:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ plural)
/* harmony export */ });
function plural(n, word) {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}


/***/ }),

/***/ 138:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  pq: () => (/* binding */ info),
  C1: () => (/* binding */ setFailed),
  n0: () => (/* binding */ setOutputs),
  $e: () => (/* binding */ warning)
});

// UNUSED EXPORTS: FileCommandError, command, commandLine, escapeData, escapeProperty, exportVariables, fileCommandEntry, getState, output, safeText, saveState, sensitive

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(598);
// EXTERNAL MODULE: ./src/log-text.ts
var log_text = __nccwpck_require__(529);
;// CONCATENATED MODULE: ./src/workflow-commands.ts




const sensitive = new log_text/* Redactor */.pO();
function safeText(text) {
    return (0,log_text/* oneLine */.TN)(sensitive.redact(text));
}
function escapeData(text) {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text) {
    return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
function commandLine(name, properties, message) {
    const props = Object.entries(properties)
        .map(([k, v]) => `${k}=${escapeProperty(v)}`)
        .join(',');
    return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}
function fileCommandEntry(name, value, delimiter = `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`) {
    if (name.includes(delimiter) || value.includes(delimiter))
        throw new Error(`unexpected input: ${name} holds the delimiter`);
    return `${name}<<${delimiter}${external_node_os_namespaceObject.EOL}${value}${external_node_os_namespaceObject.EOL}${delimiter}${external_node_os_namespaceObject.EOL}`;
}
function write(line) {
    process.stdout.write(`${line}${external_node_os_namespaceObject.EOL}`);
}
function command(line) {
    write(line);
}
function output(text) {
    process.stdout.write(text);
}
function info(message) {
    write(safeText(message));
}
function annotationText(message) {
    return safeText(message).replace(/:(?=:)/g, ': ');
}
function warning(message) {
    write(commandLine('warning', {}, annotationText(message)));
}
function setFailed(message) {
    write(commandLine('error', {}, annotationText(message)));
    process.exitCode = 1;
}
class FileCommandError extends Error {
    variable;
    code;
    constructor(variable, code) {
        super(`GITHUB_${variable} cannot be written (${code})`);
        this.variable = variable;
        this.code = code;
        this.name = 'FileCommandError';
    }
}
function appendFileCommand(kind, entries) {
    const file = process.env[`GITHUB_${kind}`];
    if (!file)
        return false;
    try {
        (0,external_node_fs_.appendFileSync)(file, entries.map(([k, v]) => fileCommandEntry(k, v)).join(''), 'utf8');
    }
    catch (e) {
        throw new FileCommandError(kind, e.code ?? String(e));
    }
    return true;
}
function exportVariables(vars) {
    if (vars.length === 0)
        return;
    if (!appendFileCommand('ENV', vars))
        throw new Error('GITHUB_ENV is not set: cannot export variables');
    for (const [k, v] of vars)
        process.env[k] = v;
}
function setOutputs(outputs) {
    appendFileCommand('OUTPUT', outputs.map(([k, v]) => [k, sensitive.redact(v, { fragments: false })]));
}
function saveState(name, value) {
    appendFileCommand('STATE', [[name, value]]);
}
function getState(name) {
    return process.env[`STATE_${name}`] ?? '';
}


/***/ }),

/***/ 598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 24:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat */
/******/ 
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = new URL('.', import.meta.url).pathname.slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(606);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 

//# sourceMappingURL=index.js.map