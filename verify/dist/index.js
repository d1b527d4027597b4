import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ /* webpack/runtime/compat */
/******/ 
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = new URL('.', import.meta.url).pathname.slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: ./src/log-text.ts
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

;// CONCATENATED MODULE: ./src/workflow-commands.ts




const sensitive = new Redactor();
function safeText(text) {
    return oneLine(sensitive.redact(text));
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
function fileCommandEntry(name, value, delimiter = `ghadelimiter_${(0,external_node_crypto_namespaceObject.randomUUID)()}`) {
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
        (0,external_node_fs_namespaceObject.appendFileSync)(file, entries.map(([k, v]) => fileCommandEntry(k, v)).join(''), 'utf8');
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

;// CONCATENATED MODULE: ./src/marker.ts
function markerPathOr(given, env, tmpdir) {
    return given || `${env.RUNNER_TEMP || tmpdir}/infisical-source-marker.json`;
}
function runOf(env) {
    const get = (name) => env[`GITHUB_${name}`] || env[`FORGEJO_${name}`] || null;
    return {
        repository: get('REPOSITORY'),
        workflow: get('WORKFLOW'),
        runId: get('RUN_ID'),
        runNumber: get('RUN_NUMBER'),
        runAttempt: get('RUN_ATTEMPT'),
        job: get('JOB'),
        sha: get('SHA'),
        serverUrl: get('SERVER_URL')
    };
}
function markerText(marker) {
    return `${JSON.stringify(marker, null, 2)}\n`;
}

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

;// CONCATENATED MODULE: ./src/rules.ts
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

;// CONCATENATED MODULE: ./src/verify/text.ts

function inline(text, max = 200) {
    const flat = oneLine(text);
    return flat.length > max ? cut(flat, max) : flat;
}
function shown(text, max = 200) {
    return quoted(inline(text, max));
}

;// CONCATENATED MODULE: ./src/verify/inputs.ts





const VERIFY_INPUT_NAMES = [
    'marker-path',
    'expect-source',
    'allow-fallback',
    'expect-secrets',
    'max-age-seconds',
    'expect-mode',
    'expect-endpoint',
    'expect-identity-id',
    'expect-project-id',
    'expect-environment',
    'expect-label'
];
const MODES = ['fetch', 'check'];
const FIELD_EXPECTATIONS = [
    { input: 'expect-endpoint', field: 'endpoint', what: 'endpoint' },
    { input: 'expect-identity-id', field: 'identityId', what: 'identity ID' },
    { input: 'expect-project-id', field: 'projectId', what: 'project ID' },
    { input: 'expect-environment', field: 'environment', what: 'environment' },
    { input: 'expect-label', field: 'label', what: 'label' }
];
const MAX_AGE_LIMIT = 366 * 24 * 3600;
function readVerifyInputs(env) {
    return readInputsOf(VERIFY_INPUT_NAMES, env);
}
function verifyMarkerPathOf(raw, ctx) {
    return markerPathOr(raw['marker-path'], ctx.env, ctx.tmpdir);
}
function inputs_quoted(value) {
    return shown(value, 80);
}
function parseVerifyInputs(raw, ctx) {
    const problems = [];
    const expectSources = [];
    const sources = listOf(raw['expect-source']);
    for (const s of sources) {
        if (SOURCES.includes(s))
            expectSources.push(s);
        else
            problems.push(`expect-source ${inputs_quoted(s)} is not a source: use ${SOURCES.join(', ')} (comma-separated)`);
    }
    if (sources.length === 0)
        expectSources.push('infisical-token-auth');
    let allowFallback = false;
    const af = raw['allow-fallback'];
    if (yamlBoolean(af) === true)
        allowFallback = true;
    else if (af !== '' && yamlBoolean(af) === undefined)
        problems.push(`allow-fallback must be true or false, got ${inputs_quoted(af)}`);
    const expectSecrets = listOf(raw['expect-secrets']);
    const badNames = expectSecrets.filter((n) => !ENV_NAME.test(n));
    if (badNames.length > 0) {
        problems.push(`expect-secrets lists ${badNames.map(inputs_quoted).join(', ')}, not ENV_NAMEs: give the ENV_NAME side of the fetch step's secrets lines, comma-separated`);
    }
    let maxAgeSeconds = 0;
    const ma = raw['max-age-seconds'];
    if (ma !== '') {
        if (/^\d+$/.test(ma) && Number(ma) <= MAX_AGE_LIMIT)
            maxAgeSeconds = Number(ma);
        else
            problems.push(`max-age-seconds must be a whole number of seconds from 0 (any age) to ${MAX_AGE_LIMIT}, got ${inputs_quoted(ma)}`);
    }
    let expectMode = 'fetch';
    const em = raw['expect-mode'];
    if (MODES.includes(em))
        expectMode = em;
    else if (em !== '')
        problems.push(`expect-mode must be fetch or check, got ${inputs_quoted(em)}`);
    const expectFields = {};
    for (const { input, field } of FIELD_EXPECTATIONS)
        if (raw[input] !== '')
            expectFields[field] = raw[input];
    return {
        options: {
            markerPath: verifyMarkerPathOf(raw, ctx),
            expectSources,
            allowFallback,
            expectSecrets,
            maxAgeSeconds,
            expectMode,
            expectFields
        },
        problems
    };
}

;// CONCATENATED MODULE: ./src/words.ts
function plural(n, word) {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}

;// CONCATENATED MODULE: ./src/regular-file.ts

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
        fd = (0,external_node_fs_namespaceObject.openSync)(path, external_node_fs_namespaceObject.constants.O_RDONLY | external_node_fs_namespaceObject.constants.O_NOCTTY | external_node_fs_namespaceObject.constants.O_NONBLOCK);
    }
    catch (e) {
        return { problem: { kind: 'open', code: e.code ?? String(e) } };
    }
    try {
        const stat = (0,external_node_fs_namespaceObject.fstatSync)(fd);
        if (!stat.isFile())
            return { problem: { kind: 'not-regular', what: kindOf(stat) } };
        if (stat.size > maxBytes)
            return { problem: { kind: 'too-large', bytes: stat.size } };
        check?.(stat);
        const buf = Buffer.alloc(maxBytes + 1);
        let n = 0;
        for (;;) {
            const got = (0,external_node_fs_namespaceObject.readSync)(fd, buf, n, buf.length - n, null);
            if (got === 0)
                break;
            n += got;
            if (n > maxBytes)
                return { problem: { kind: 'too-large', bytes: n } };
        }
        return { text: buf.subarray(0, n).toString('utf8'), stat };
    }
    finally {
        (0,external_node_fs_namespaceObject.closeSync)(fd);
    }
}

;// CONCATENATED MODULE: ./src/verify/parse-marker.ts




const WORD = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,99}$/;
const RUN_NUMBER = /^[0-9]{1,20}$/;
function isWord(v) {
    return typeof v === 'string' && WORD.test(v);
}
const PATH_MAX = 500;
const CHECK_PATH = 'check that marker-path names the file the fetch step wrote (its marker-path output)';
function fileProblemMessage(path, problem) {
    const at = inline(path, PATH_MAX);
    if (problem.kind === 'open') {
        switch (problem.code) {
            case 'ENOENT':
                return `there is no source marker at ${at}: check that the fetch step (the root action) ran before this step and wrote to the same marker-path; the default $RUNNER_TEMP/infisical-source-marker.json lasts only for the job, so a later job needs the marker passed on another way`;
            case 'ENOTDIR':
                return `there is no source marker at ${at} (a part of that path is a file, not a folder): ${CHECK_PATH}`;
            case 'EACCES':
            case 'EPERM':
                return `the source marker ${at} cannot be read (permission denied): the fetch step writes it with mode 0600, so this step must run as the same user`;
        }
    }
    if (problem.kind === 'too-large')
        return `the file ${at} ${describeFileProblem(problem)}, too large to be a source marker: ${CHECK_PATH}`;
    return `the source marker path ${at} ${describeFileProblem(problem)}: ${CHECK_PATH}`;
}
function markerJson(at, text) {
    if (text.trim() === '')
        return { problem: `the source marker ${at} is empty: ${CHECK_PATH}, and that the fetch step finished` };
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        return { problem: `the file ${at} is not valid JSON, so not a source marker: ${CHECK_PATH}` };
    }
    if (!isObject(json))
        return { problem: `the file ${at} holds ${kindOfJson(json)}, not a source marker: ${CHECK_PATH}` };
    if (json.schema !== 1) {
        if (typeof json.schema === 'number' && Number.isInteger(json.schema)) {
            return {
                problem: `the source marker ${at} has schema ${json.schema}; this verify action reads schema 1: use the verify action of the same release as the fetch step`
            };
        }
        return { problem: `the file ${at} is not a source marker (no "schema": 1): ${CHECK_PATH}` };
    }
    return { json };
}
function checkSecrets(json, problems) {
    const secrets = [];
    if (!Array.isArray(json.secrets))
        problems.push('secrets is not a list');
    else {
        json.secrets.forEach((s, i) => {
            if (!isObject(s) || typeof s.env !== 'string' || !ENV_NAME.test(s.env))
                problems.push(`secrets[${i}] has no ENV_NAME in env`);
            else
                secrets.push(s);
        });
    }
    return secrets;
}
function checkFallback(json, problems) {
    let fallback = null;
    if (json.fallback !== null) {
        const f = json.fallback;
        if (isObject(f) && isWord(f.kind) && isObject(f.reason) && isWord(f.reason.class))
            fallback = f;
        else
            problems.push('fallback is not null nor { kind, reason: { class } }');
    }
    return fallback;
}
function checkError(json, problems) {
    let error = null;
    if (json.error !== null && json.error !== undefined) {
        const e = json.error;
        if (isObject(e) && isWord(e.class) && (e.message === undefined || typeof e.message === 'string'))
            error = e;
        else
            problems.push('error is not null nor { class, message }');
    }
    return error;
}
function checkRun(json, problems) {
    let run = null;
    if (isObject(json.run)) {
        run = { runId: null, runAttempt: null };
        for (const key of ['runId', 'runAttempt']) {
            const v = json.run[key];
            if (v === null || v === undefined)
                continue;
            if (typeof v === 'string' && RUN_NUMBER.test(v))
                run[key] = v;
            else
                problems.push(`run.${key} is not a number in a string, nor null`);
        }
    }
    return run;
}
function checkFields(json, problems) {
    const fields = {};
    for (const { field } of FIELD_EXPECTATIONS) {
        const v = json[field];
        if (typeof v === 'string')
            fields[field] = v;
        else if (v === null || v === undefined)
            fields[field] = null;
        else
            problems.push(`${field} is not a text or null`);
    }
    return fields;
}
function parseMarkerText(path, text) {
    const at = inline(path, PATH_MAX);
    const envelope = markerJson(at, text);
    if ('problem' in envelope)
        return envelope;
    const { json } = envelope;
    const problems = [];
    const status = json.status;
    if (status !== 'ok' && status !== 'failed')
        problems.push('status is not ok or failed');
    const mode = json.mode;
    if (!MODES.includes(mode))
        problems.push('mode is not fetch or check');
    const source = json.source;
    if (source !== null && !isWord(source))
        problems.push('source is not a source name or null');
    const secrets = checkSecrets(json, problems);
    const fallback = checkFallback(json, problems);
    const error = checkError(json, problems);
    const run = checkRun(json, problems);
    const fields = checkFields(json, problems);
    const createdAt = json.createdAt;
    if (typeof createdAt !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(createdAt) || Number.isNaN(Date.parse(createdAt))) {
        problems.push('createdAt is not an ISO 8601 date-time');
    }
    if (problems.length > 0) {
        return {
            problem: `the file ${at} is not a valid schema-1 source marker (${problems.join('; ')}): ${CHECK_PATH}, and that nothing else writes to it`
        };
    }
    return {
        marker: {
            schema: 1,
            status: status,
            mode: mode,
            source: source,
            markerKey: typeof json.markerKey === 'string' && MARKER_KEY.test(json.markerKey) && json.markerKey.length <= 100
                ? json.markerKey
                : '',
            secrets,
            fallback,
            error,
            run,
            fields,
            createdAt: createdAt
        }
    };
}

;// CONCATENATED MODULE: ./src/verify/expectations.ts





function currentRunOf(env) {
    const { runId, runAttempt } = runOf(env);
    return { runId, runAttempt };
}
function comparable(text) {
    return text.toLowerCase().replace(/\/+$/, '');
}
function formatAge(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    if (s < 120)
        return `${s} s`;
    const m = Math.floor(s / 60);
    if (m < 120)
        return `${m} min`;
    const h = Math.floor(m / 60);
    if (h < 48)
        return `${h} h ${m % 60} min`;
    return `${Math.floor(h / 24)} days ${h % 24} h`;
}
function ageSeconds(marker, now) {
    return Math.floor((now.getTime() - Date.parse(marker.createdAt)) / 1000);
}
const FUTURE_TOLERANCE_SECONDS = 300;
function orList(items) {
    if (items.length <= 1)
        return items.join('');
    return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
function andList(items) {
    if (items.length <= 1)
        return items.join('');
    return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
function describeRun(runId, runAttempt) {
    return `run ${runId === null ? '(unknown)' : inline(runId)}${runAttempt !== null ? ` attempt ${inline(runAttempt)}` : ''}`;
}
function statusReasons(options, marker) {
    const reasons = [];
    if (marker.status !== 'ok') {
        const e = marker.error;
        if (e) {
            const message = inline(e.message ?? '', 500);
            const errorClass = inline(e.class);
            const text = message === '' ? errorClass : message.startsWith(`${errorClass}: `) ? message : `${errorClass}: ${message}`;
            reasons.push(`the fetch step failed (status failed), with ${text}`);
        }
        else {
            reasons.push('the fetch step failed (status failed), with no error recorded');
        }
    }
    else if (marker.source === null || !options.expectSources.includes(marker.source)) {
        const hint = marker.source === 'direct-env-fallback' ? ': the secrets did not come from Infisical' : '';
        reasons.push(`the source is ${marker.source === null ? 'none' : inline(marker.source)}, not ${orList(options.expectSources)} (expect-source)${hint}`);
    }
    return reasons;
}
function fallbackReasons(options, marker) {
    const reasons = [];
    if (marker.fallback !== null && !options.allowFallback) {
        const f = marker.fallback;
        reasons.push(`the secrets came from the ${inline(f.kind)} fallback because Infisical failed with ${inline(f.reason.class)}, and allow-fallback is false: fix that Infisical failure (see the fetch step's warning); allow a fallback only for a soak`);
    }
    return reasons;
}
function secretsReasons(options, marker) {
    const reasons = [];
    if (options.expectSecrets.length > 0) {
        const listed = marker.secrets.map((s) => inline(s.env));
        const missing = options.expectSecrets.filter((n) => !listed.includes(n));
        if (missing.length > 0) {
            const have = listed.length > 0 ? `it lists ${andList([...new Set(listed)])}` : 'it lists none';
            reasons.push(`${andList(missing)} ${missing.length === 1 ? 'is' : 'are'} not among the marker's secrets (${have}) (expect-secrets): map ${missing.length === 1 ? 'it' : 'them'} in the fetch step's secrets`);
        }
    }
    return reasons;
}
function modeReasons(options, marker) {
    const reasons = [];
    if (marker.mode !== options.expectMode) {
        const hint = marker.mode === 'check' ? ': a check run proves access and exports nothing' : '';
        reasons.push(`the mode is ${marker.mode}, not ${options.expectMode} (expect-mode)${hint}`);
    }
    return reasons;
}
function fieldReasons(options, marker) {
    const reasons = [];
    for (const { input, field, what } of FIELD_EXPECTATIONS) {
        const expected = options.expectFields[field];
        if (expected === undefined)
            continue;
        const actual = marker.fields[field];
        if (actual === expected)
            continue;
        if (actual === null && marker.status !== 'ok')
            continue;
        const near = actual !== null && comparable(actual) === comparable(expected) ? ': compared exactly' : '';
        reasons.push(`the ${what} is ${actual === null ? 'none' : shown(actual)}, not ${shown(expected)} (${input})${near}`);
    }
    return reasons;
}
function ageReasons(options, marker, now) {
    const reasons = [];
    if (options.maxAgeSeconds > 0) {
        const age = ageSeconds(marker, now);
        if (age > options.maxAgeSeconds) {
            reasons.push(`the marker is ${formatAge(age)} old (${age} s, written ${inline(marker.createdAt)}), more than max-age-seconds ${options.maxAgeSeconds}: it was not written by a fetch step just before`);
        }
        else if (age < -FUTURE_TOLERANCE_SECONDS) {
            reasons.push(`the marker was written ${formatAge(-age)} in the future (${inline(marker.createdAt)}), so its age cannot be checked (max-age-seconds): check the clocks of the runner hosts`);
        }
    }
    return reasons;
}
function runReasons(marker, current) {
    const reasons = [];
    const run = marker.run;
    if (run === null) {
        reasons.push("the marker has no run block: it was not written by this action's fetch step, or by an old version");
    }
    else {
        const idDiffers = run.runId !== null && current.runId !== null && run.runId !== current.runId;
        const attemptDiffers = run.runAttempt !== null && current.runAttempt !== null && run.runAttempt !== current.runAttempt;
        if (idDiffers || attemptDiffers) {
            reasons.push(`the marker was written by ${describeRun(run.runId, run.runAttempt)}, this is ${describeRun(current.runId, current.runAttempt)}: a marker left by an earlier ${idDiffers ? 'run' : 'attempt'}, so the fetch step of this run did not write to this marker-path`);
        }
    }
    return reasons;
}
function unmetExpectations(options, marker, current, now) {
    return [
        ...statusReasons(options, marker),
        ...fallbackReasons(options, marker),
        ...secretsReasons(options, marker),
        ...modeReasons(options, marker),
        ...fieldReasons(options, marker),
        ...ageReasons(options, marker, now),
        ...runReasons(marker, current)
    ];
}
function numbered(reasons) {
    return reasons.map((r, i) => `(${i + 1}) ${r}`).join('; ');
}
function failureMessage(path, reasons) {
    const at = inline(path, PATH_MAX);
    return `the source marker ${at} does not show what this workflow expects: ${numbered(reasons)}`;
}
function inputsMessage(problems) {
    return `the inputs of the verify step are not valid: ${numbered(problems)} - fix them under with: of the verify step`;
}
function passSummary(marker, now) {
    const names = marker.secrets.map((s) => inline(s.env));
    const key = marker.markerKey !== '' ? ` (${inline(marker.markerKey)})` : '';
    const parts = [
        `${marker.source === null ? 'none' : inline(marker.source)}${key}`,
        `${plural(names.length, 'secret')}${names.length > 0 ? ` (${names.join(', ')})` : ''}`,
        marker.mode,
        `${formatAge(ageSeconds(marker, now))} old`
    ];
    if (marker.fallback !== null)
        parts.push(`${inline(marker.fallback.kind)} fallback after ${inline(marker.fallback.reason.class)} (allowed)`);
    return `verified: ${parts.join(', ')}`;
}

;// CONCATENATED MODULE: ./src/verify/read-marker.ts


function readMarker(path) {
    const read = readRegularFile(path, MAX_INPUT_FILE_BYTES);
    if ('problem' in read)
        return { problem: fileProblemMessage(path, read.problem) };
    return parseMarkerText(path, read.text);
}

;// CONCATENATED MODULE: ./src/verify/main.ts





function verify(env, now) {
    const { options, problems } = parseVerifyInputs(readVerifyInputs(env), { env, tmpdir: (0,external_node_os_namespaceObject.tmpdir)() });
    const read = readMarker(options.markerPath);
    const marker = 'marker' in read ? read.marker : undefined;
    setOutputs([['source', marker?.source ?? '']]);
    if (problems.length > 0) {
        setFailed(inputsMessage(problems));
        return;
    }
    if (!marker) {
        setFailed(read.problem);
        return;
    }
    const reasons = unmetExpectations(options, marker, currentRunOf(env), now);
    if (reasons.length > 0)
        setFailed(failureMessage(options.markerPath, reasons));
    else
        info(passSummary(marker, now));
}
try {
    verify(process.env, new Date());
}
catch (e) {
    setFailed(`the verify step failed unexpectedly: ${e instanceof Error ? e.message : String(e)} - this is a bug of the action: please report it with the log`);
}
process.exit(process.exitCode ?? 0);


//# sourceMappingURL=index.js.map