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
    /**
     * `fragments: false` replaces only whole values and lines: for text that holds nothing a server
     * said (an operator's path, say), where replacing a fragment shared by chance would break it.
     */
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
        const whole = opts.fragments === false ? [...this.seen.values()].flatMap((v) => [v, ...v.split(/\r?\n/)].filter((t) => t.trim() !== '' && (t === v || t.length >= MIN_WHOLE_LINE))) : [];
        for (const w of [...this.whole, ...whole].sort((a, b) => b.length - a.length))
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
/**
 * Annotation text: act reads commands with a greedy pattern (`^::([^ ]+)( (.+))?::…`), so a `::`
 * anywhere in the message (an IPv6 URL, a path) would turn `::error::…` into an unknown command
 * and lose the annotation under `forgejo-runner exec`: each such colon is followed by a space.
 */
function annotationText(message) {
    return safeText(message).replace(/:(?=:)/g, ': ');
}
function warning(message) {
    write(commandLine('warning', {}, annotationText(message)));
}
/** Fails the step: an error annotation, and exit code 1. */
function setFailed(message) {
    write(commandLine('error', {}, annotationText(message)));
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
/**
 * Outputs are not scrubbed by the runner: no value holds a whole credential or value. They hold
 * only the action's own words and the operator's inputs (a path, a URL), never server text, so a
 * fragment shared by chance is left alone: a changed marker-path would break the next step.
 */
function setOutputs(outputs) {
    appendFileCommand('OUTPUT', outputs.map(([k, v]) => [k, sensitive.redact(v, { fragments: false })]));
}
function saveState(name, value) {
    appendFileCommand('STATE', [[name, value]]);
}
function getState(name) {
    return process.env[`STATE_${name}`] ?? '';
}

;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: ./src/atomic-file.ts
/**
 * Writes a file atomically: a temporary file in the same folder, created with the final mode
 * (so it is never readable by others, whatever the umask) and O_EXCL (never an existing file or a
 * link), then renamed over the target. stageFile() splits the two halves, so that a run can put
 * the file in place as its last effect and, when it fails before that, remove only its own
 * temporary file: the target is then exactly as it was.
 */



function folderError(path) {
    return Object.assign(new Error(`${path} is a folder`), { code: 'EISDIR' });
}
function atomic_file_stageFile(target, content, mode) {
    const path = resolve(target);
    // A folder cannot be replaced by the rename: refused now, before anything is done.
    let existing;
    try {
        existing = lstatSync(path);
    }
    catch {
        existing = undefined;
    }
    if (existing?.isDirectory())
        throw folderError(path);
    const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    const previous = process.umask(0o077);
    let fd;
    try {
        fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode & 0o700);
    }
    finally {
        process.umask(previous);
    }
    let stat;
    try {
        writeSync(fd, content);
        fsyncSync(fd);
        stat = fstatSync(fd, { bigint: true });
        closeSync(fd);
    }
    catch (e) {
        try {
            closeSync(fd);
        }
        catch {
            /* already closed */
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
            renameSync(tmp, path);
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
        unlinkSync(path);
    }
    catch {
        /* never created or already gone */
    }
}
function writeFileAtomic(path, content, mode) {
    const staged = atomic_file_stageFile(path, content, mode);
    try {
        staged.commit();
    }
    catch (e) {
        staged.discard();
        throw e;
    }
}

;// CONCATENATED MODULE: ./src/regular-file.ts
/**
 * Reading a file named by an input (a CA bundle, a fallback env file, the token file, a marker):
 * it must be a regular file of a sane size. The file is opened without blocking and judged by its
 * descriptor, so a FIFO, a device or a folder fails at once instead of hanging or spinning, and
 * nothing can be swapped between the check and the read.
 */

/** The largest file read: 1 MiB. */
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
/** What to say of a problem, after the path: "is a FIFO (named pipe), not a regular file". */
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
/**
 * Reads a regular file of at most `maxBytes` as UTF-8, judging the descriptor opened. `check`
 * may refuse the file from its stat (owner, mode) before anything is read: it throws.
 */
function readRegularFile(path, maxBytes = MAX_INPUT_FILE_BYTES, check) {
    let fd;
    try {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
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
        // Read at most maxBytes + 1: a file that grows after the stat is still bounded.
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

;// CONCATENATED MODULE: ./src/cleanup.ts
/**
 * Clean-up of the export-file when the job ends. An export-file inside the job's workspace or
 * RUNNER_TEMP is the job's and is deleted by the post step (a host runner keeps its workspace); a
 * file elsewhere (a service's env file, say) is the operator's and stays. "Inside" is judged on
 * real paths: a file under a symbolic link to a folder elsewhere is elsewhere.
 *
 * The post step runs in the job's environment, which every earlier step can change through
 * GITHUB_ENV (`STATE_x=…`, `RUNNER_TEMP=…`). So it takes no path from it. The main step, once it
 * has staged the export-file, writes a record of it ({ path, dev, ino }: the real path and the
 * file's device and inode) to a file of its own: created with O_EXCL and mode 0600 in RUNNER_TEMP
 * (or the system temp folder), named with a random id. Only that id goes through GITHUB_STATE.
 * The post step accepts a 32-hex-digit id and a record that is a small regular file of this user,
 * not a link, readable by no one else; then it deletes the path only when it is still that very
 * file (lstat: a regular file, not a link, same device and inode) and its real folder is still
 * inside the real workspace or RUNNER_TEMP, and it deletes it in that real folder, never through
 * a link. A forged state names at most a record that does not exist: nothing is deleted.
 */







/** The one state the main step saves for the post step: the id of its record. */
const STATE_CLEANUP_ID = 'exportFileRecord';
const ID = /^[0-9a-f]{32}$/;
const MAX_RECORD_BYTES = 4096;
/** True when `path` lies inside `folder` (not the folder itself). */
function isInside(path, folder) {
    const rel = (0,external_node_path_namespaceObject.relative)((0,external_node_path_namespaceObject.resolve)(folder), (0,external_node_path_namespaceObject.resolve)(path));
    return rel !== '' && !rel.startsWith('..') && !(0,external_node_path_namespaceObject.isAbsolute)(rel);
}
function realOrUndefined(path) {
    try {
        return (0,external_node_fs_namespaceObject.realpathSync)(path);
    }
    catch {
        return undefined;
    }
}
/** The real folder of `path` when it is the workspace, RUNNER_TEMP or a folder inside them (real paths). */
function jobFolderOf(path, env) {
    const folder = realOrUndefined((0,external_node_path_namespaceObject.dirname)((0,external_node_path_namespaceObject.resolve)(path)));
    if (folder === undefined)
        return undefined;
    const roots = [env.GITHUB_WORKSPACE, env.RUNNER_TEMP].filter((f) => f !== undefined && f !== '').map(realOrUndefined);
    return roots.some((root) => root !== undefined && (folder === root || isInside(folder, root))) ? folder : undefined;
}
/** Whether the post step deletes this export-file. */
function removedAtJobEnd(path, env) {
    return jobFolderOf(path, env) !== undefined;
}
function recordFile(id, env) {
    return (0,external_node_path_namespaceObject.join)(env.RUNNER_TEMP || (0,external_node_os_namespaceObject.tmpdir)(), `infisical-export-file-${id}.json`);
}
function cleanup_unlinkQuietly(path) {
    try {
        (0,external_node_fs_namespaceObject.unlinkSync)(path);
    }
    catch {
        /* already gone */
    }
}
/**
 * Main step: writes the record (O_EXCL, 0600) and saves its id as the step's state. Returns what
 * removes the record again, for a run that fails. A state that cannot be saved throws
 * FileCommandError, the record removed.
 */
function recordForPostStep(record, env) {
    const id = randomBytes(16).toString('hex');
    const file = recordFile(id, env);
    const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
        writeSync(fd, JSON.stringify(record));
        closeSync(fd);
        runner.saveState(STATE_CLEANUP_ID, id);
    }
    catch (e) {
        try {
            closeSync(fd);
        }
        catch {
            /* already closed */
        }
        cleanup_unlinkQuietly(file);
        throw e;
    }
    return () => cleanup_unlinkQuietly(file);
}
function stageExportFile(path, text, env) {
    const staged = stageFile(path, text, 0o600);
    let forget = () => { };
    let committed = false;
    const folder = jobFolderOf(staged.path, env);
    try {
        if (folder !== undefined)
            forget = recordForPostStep({ path: join(folder, basename(staged.path)), dev: String(staged.dev), ino: String(staged.ino) }, env);
    }
    catch (e) {
        staged.discard();
        throw e;
    }
    return {
        path: staged.path,
        removedAtJobEnd: folder !== undefined,
        commit() {
            staged.commit();
            committed = true;
        },
        discard() {
            if (committed)
                return;
            staged.discard();
            forget();
        }
    };
}
function readRecord(file) {
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    const st = (0,external_node_fs_namespaceObject.lstatSync)(file);
    if (!st.isFile())
        return { why: 'is not a regular file' };
    const read = readRegularFile(file, MAX_RECORD_BYTES);
    if ('problem' in read)
        return { why: `cannot be read (${read.problem.kind})` };
    if (uid !== undefined && read.stat.uid !== uid)
        return { why: 'belongs to another user' };
    if ((read.stat.mode & 0o077) !== 0)
        return { why: 'is open to other users' };
    let r;
    try {
        r = JSON.parse(read.text);
    }
    catch {
        return { why: 'is not JSON' };
    }
    const { path, dev, ino } = (r ?? {});
    if (typeof path !== 'string' || !(0,external_node_path_namespaceObject.isAbsolute)(path) || typeof dev !== 'string' || !/^\d+$/.test(dev) || typeof ino !== 'string' || !/^\d+$/.test(ino)) {
        return { why: 'is not a record of this action' };
    }
    return { path, dev, ino };
}
/** Post step: deletes the export-file recorded under `id`, when it is still that file, in the job's folders. */
function cleanUp(id, env) {
    if (id === '')
        return { kind: 'nothing' };
    if (!ID.test(id))
        return { kind: 'bad-id' };
    const file = recordFile(id, env);
    let record;
    try {
        record = readRecord(file);
    }
    catch (e) {
        const code = e.code;
        if (code === 'ENOENT')
            return { kind: 'no-record', record: file };
        return { kind: 'bad-record', record: file, why: `cannot be read (${code ?? String(e)})` };
    }
    if ('why' in record)
        return { kind: 'bad-record', record: file, why: record.why };
    try {
        return removeRecorded(record, env);
    }
    finally {
        cleanup_unlinkQuietly(file);
    }
}
function removeRecorded(record, env) {
    const path = record.path;
    if (realOrUndefined((0,external_node_path_namespaceObject.dirname)(path)) === undefined)
        return { kind: 'gone', path };
    const folder = jobFolderOf(path, env);
    if (folder === undefined)
        return { kind: 'outside', path };
    const target = (0,external_node_path_namespaceObject.join)(folder, (0,external_node_path_namespaceObject.basename)(path));
    let st;
    try {
        st = (0,external_node_fs_namespaceObject.lstatSync)(target, { bigint: true });
    }
    catch (e) {
        if (e.code === 'ENOENT')
            return { kind: 'gone', path };
        return { kind: 'failed', path, code: e.code ?? String(e) };
    }
    if (!st.isFile() || String(st.dev) !== record.dev || String(st.ino) !== record.ino)
        return { kind: 'replaced', path };
    try {
        (0,external_node_fs_namespaceObject.unlinkSync)(target);
    }
    catch (e) {
        const code = e.code ?? String(e);
        return code === 'ENOENT' ? { kind: 'gone', path } : { kind: 'failed', path, code };
    }
    return { kind: 'removed', path };
}

;// CONCATENATED MODULE: ./src/post.ts
/**
 * The post step: deletes the export-file the main step recorded as the job's own, when it is still
 * that file (see cleanup.ts). It reads only the id saved in the step's state; every other outcome
 * leaves the file in place and says why.
 */


function post(env) {
    const outcome = cleanUp(getState(STATE_CLEANUP_ID), env);
    switch (outcome.kind) {
        case 'nothing':
            return;
        case 'bad-id':
            warning(`The state ${STATE_CLEANUP_ID} of this step is not an id this action saves: nothing removed`);
            return;
        case 'no-record':
            info(`No clean-up record ${outcome.record} (the run failed, or RUNNER_TEMP changed): nothing removed`);
            return;
        case 'bad-record':
            warning(`The clean-up record ${outcome.record} ${outcome.why}: nothing removed`);
            return;
        case 'removed':
            info(`Removed the export-file ${outcome.path}`);
            return;
        case 'gone':
            info(`The export-file ${outcome.path} is already gone`);
            return;
        case 'replaced':
            warning(`The export-file ${outcome.path} is no longer the file this action wrote (replaced, or a link now): left in place`);
            return;
        case 'outside':
            warning(`The export-file ${outcome.path} now lies outside the workspace and RUNNER_TEMP (a symbolic link on its path): left in place`);
            return;
        case 'failed':
            warning(`The export-file ${outcome.path} could not be removed (${outcome.code})`);
            return;
    }
}

;// CONCATENATED MODULE: ./src/post-main.ts
/**
 * Entry point of the post step: its own bundle (dist/post/index.js, `runs.post`), so that nothing
 * in the job's environment can make the main step act as the post step or the other way round.
 * Small, and only Node's own modules. Anything unexpected is one `::error::` line and exit code 1.
 */


try {
    post(process.env);
}
catch (e) {
    setFailed(`unexpected failure of the clean-up: ${e instanceof Error ? e.message : String(e)}`);
}
process.exit(process.exitCode ?? 0);


//# sourceMappingURL=index.js.map