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
function fileCommandEntry(name, value, delimiter = `ghadelimiter_${randomUUID()}`) {
    if (name.includes(delimiter) || value.includes(delimiter))
        throw new Error(`unexpected input: ${name} holds the delimiter`);
    return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`;
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
        appendFileSync(file, entries.map(([k, v]) => fileCommandEntry(k, v)).join(''), 'utf8');
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

;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: ./src/atomic-file.ts



function folderError(path) {
    return Object.assign(new Error(`${path} is a folder`), { code: 'EISDIR' });
}
function atomic_file_stageFile(target, content, mode) {
    const path = resolve(target);
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

;// CONCATENATED MODULE: ./src/cleanup.ts







const STATE_CLEANUP_ID = 'exportFileRecord';
const ID = /^[0-9a-f]{32}$/;
const MAX_RECORD_BYTES = 4096;
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
function jobFolderOf(path, env) {
    const folder = realOrUndefined((0,external_node_path_namespaceObject.dirname)((0,external_node_path_namespaceObject.resolve)(path)));
    if (folder === undefined)
        return undefined;
    const roots = [env.GITHUB_WORKSPACE, env.RUNNER_TEMP]
        .filter((f) => f !== undefined && f !== '')
        .map(realOrUndefined);
    return roots.some((root) => root !== undefined && (folder === root || isInside(folder, root))) ? folder : undefined;
}
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
    }
}
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
    if (typeof path !== 'string' ||
        !(0,external_node_path_namespaceObject.isAbsolute)(path) ||
        typeof dev !== 'string' ||
        !/^\d+$/.test(dev) ||
        typeof ino !== 'string' ||
        !/^\d+$/.test(ino)) {
        return { why: 'is not a record of this action' };
    }
    return { path, dev, ino };
}
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


try {
    post(process.env);
}
catch (e) {
    setFailed(`unexpected failure of the clean-up: ${e instanceof Error ? e.message : String(e)}`);
}
process.exit(process.exitCode ?? 0);


//# sourceMappingURL=index.js.map