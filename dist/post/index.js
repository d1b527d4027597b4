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
/**
 * The printing rule for text the action did not write itself (inputs, paths, names, server
 * messages, proxy and URL text, a marker's fields): one line, control characters escaped, never
 * the start of a workflow command. And the redactor: no fragment of 8 or more characters of a
 * credential or a value survives in what is printed or written. Pure.
 */
/** C0 and C1 control characters, DEL, and the Unicode line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
function escapeControl(c) {
    return NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
/**
 * One line: line breaks and other control characters written as `\n`, `\r`, `\t`, `\uXXXX`.
 * A line that would start (after white space, as GitHub's runner trims it) with `::` or `##[`,
 * the two command syntaxes of the runners, gets its first character escaped.
 */
function oneLine(text) {
    const flat = text.replace(CONTROL, escapeControl);
    const lead = /^\s*/.exec(flat)?.[0] ?? '';
    const rest = flat.slice(lead.length);
    if (rest.startsWith('::') || rest.startsWith('##['))
        return `${lead}\\u${rest.charCodeAt(0).toString(16).padStart(4, '0')}${rest.slice(1)}`;
    return flat;
}
/** Quoted, one line: for a value shown inside a sentence (`"…"`). */
function quoted(text) {
    return `"${oneLine(text)}"`;
}
/** At most `max` characters, flattened; an ellipsis shows the cut. Scrub before cutting. */
function cut(text, max) {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
/** Fragments of this length or more of a sensitive text are never shown. */
const FRAGMENT = 8;
/** Shorter values, and lines of this length or more, are replaced where they occur whole. */
const MIN_WHOLE_LINE = 4;
/**
 * Replaces every sensitive text in a message by `***`: any run of characters covered by a
 * fragment of 8 or more characters of a registered value (a cut or partial echo included), and,
 * for shorter values, the whole value and each line of 4 characters or more.
 */
class Redactor {
    grams = new Set();
    whole = new Set();
    seen = new Set();
    add(value) {
        if (value === undefined || value.trim() === '' || this.seen.has(value))
            return;
        this.seen.add(value);
        for (const text of [value, ...value.split(/\r?\n/)]) {
            if (text.length >= FRAGMENT) {
                for (let i = 0; i + FRAGMENT <= text.length; i++)
                    this.grams.add(text.slice(i, i + FRAGMENT));
            }
            else if (text.trim() !== '' && (text === value || text.length >= MIN_WHOLE_LINE)) {
                this.whole.add(text);
            }
        }
    }
    /** The values registered so far. */
    values() {
        return [...this.seen];
    }
    redact(text) {
        let out = text;
        if (this.grams.size > 0 && out.length >= FRAGMENT) {
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
        for (const w of [...this.whole].sort((a, b) => b.length - a.length))
            out = out.split(w).join('***');
        return out;
    }
}

;// CONCATENATED MODULE: ./src/workflow-commands.ts
/**
 * The runner protocol, the few parts the actions use: log lines and workflow commands on stdout
 * (`::warning::`, `::error::`, `::add-mask::`), and the file commands (GITHUB_ENV, GITHUB_OUTPUT,
 * GITHUB_STATE) in the heredoc form the Forgejo runner reads. Written to the same rules as
 * @actions/core (escaping, `ghadelimiter_<uuid>` delimiters), whose import would bring an HTTP
 * client and its WebAssembly parser into every run (see the benchmark in the README).
 */




/**
 * Every credential and value the run has learnt: nothing printed or written as an output holds a
 * fragment of 8 or more characters of one (see log-text.ts). Fed by the masker.
 */
const sensitive = new Redactor();
/** What the action prints of any text: redacted first, then on one line that starts no command. */
function safeText(text) {
    return oneLine(sensitive.redact(text));
}
/** Command data: `%`, CR and LF escaped (what @actions/core's escapeData does). */
function escapeData(text) {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
/** Command properties: also `:` and `,`. */
function escapeProperty(text) {
    return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
function commandLine(name, properties, message) {
    const props = Object.entries(properties)
        .map(([k, v]) => `${k}=${escapeProperty(v)}`)
        .join(',');
    return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}
/** One `NAME<<DELIMITER` … `DELIMITER` entry; refuses a name or value holding the delimiter. */
function fileCommandEntry(name, value, delimiter = `ghadelimiter_${randomUUID()}`) {
    if (name.includes(delimiter) || value.includes(delimiter))
        throw new Error(`unexpected input: ${name} holds the delimiter`);
    return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`;
}
function write(line) {
    process.stdout.write(`${line}${external_node_os_namespaceObject.EOL}`);
}
/** A workflow command written as it is (`::add-mask::…`): only for commands the action builds itself. */
function command(line) {
    write(line);
}
function info(message) {
    write(safeText(message));
}
function warning(message) {
    write(commandLine('warning', {}, safeText(message)));
}
/** Fails the step: an error annotation, and exit code 1. */
function setFailed(message) {
    write(commandLine('error', {}, safeText(message)));
    process.exitCode = 1;
}
/** A file command (GITHUB_ENV, GITHUB_OUTPUT, GITHUB_STATE) that could not be written. */
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
/** Appends entries to the file named by GITHUB_<kind>; false when the runner gave none. */
function appendFileCommand(kind, entries) {
    const file = process.env[`GITHUB_${kind}`];
    if (!file)
        return false;
    // One write for all entries: a later step sees all of them or none.
    try {
        appendFileSync(file, entries.map(([k, v]) => fileCommandEntry(k, v)).join(''), 'utf8');
    }
    catch (e) {
        throw new FileCommandError(kind, e.code ?? String(e));
    }
    return true;
}
/** Exports variables to the later steps of the job (and to this process). */
function exportVariables(vars) {
    if (vars.length === 0)
        return;
    if (!appendFileCommand('ENV', vars))
        throw new Error('GITHUB_ENV is not set: cannot export variables');
    for (const [k, v] of vars)
        process.env[k] = v;
}
/** Outputs are not scrubbed by the runner: each value is redacted here. */
function setOutputs(outputs) {
    appendFileCommand('OUTPUT', outputs.map(([k, v]) => [k, sensitive.redact(v)]));
}
function saveState(name, value) {
    appendFileCommand('STATE', [[name, value]]);
}
function getState(name) {
    return process.env[`STATE_${name}`] ?? '';
}

;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: ./src/cleanup.ts
/**
 * The post step's clean-up: an export-file inside the job's workspace or RUNNER_TEMP is the job's
 * and is deleted when the job ends (a host runner keeps its workspace); a file elsewhere (a
 * service's env file, say) is the operator's and stays.
 */

/** True when `path` lies inside `folder` (not the folder itself). */
function isInside(path, folder) {
    const rel = relative(resolve(folder), resolve(path));
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
/** Whether the post step deletes this export-file. */
function removedAtJobEnd(path, env) {
    return [env.GITHUB_WORKSPACE, env.RUNNER_TEMP].some((folder) => folder !== undefined && folder !== '' && isInside(path, folder));
}
/** The state the main step leaves for the post step. */
const STATE_CLEANUP_FILE = 'cleanupExportFile';

;// CONCATENATED MODULE: ./src/post.ts
/** The post step: delete the export-file the main step marked as the job's own. */



function post() {
    const file = getState(STATE_CLEANUP_FILE);
    if (file === '')
        return;
    try {
        (0,external_node_fs_namespaceObject.rmSync)(file, { force: true });
        info(`Removed the export-file ${file}`);
    }
    catch (e) {
        warning(`The export-file ${file} could not be removed: ${e.message}`);
    }
}

;// CONCATENATED MODULE: ./src/post-main.ts
/**
 * Entry point of the post step: its own bundle (dist/post/index.js, `runs.post`), so that nothing
 * in the job's environment can make the main step act as the post step or the other way round.
 * Small, and only Node's own modules. Anything unexpected is one `::error::` line and exit code 1.
 */


try {
    post();
}
catch (e) {
    setFailed(`unexpected failure of the clean-up: ${e instanceof Error ? e.message : String(e)}`);
}
process.exit(process.exitCode ?? 0);


//# sourceMappingURL=index.js.map