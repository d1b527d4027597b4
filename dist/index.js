import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 889:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const fs = __nccwpck_require__(896)
const path = __nccwpck_require__(928)
const os = __nccwpck_require__(857)
const crypto = __nccwpck_require__(982)

// Array of tips to display randomly
const TIPS = [
  '◈ encrypted .env [www.dotenvx.com]',
  '◈ secrets for agents [www.dotenvx.com]',
  '⌁ auth for agents [www.vestauth.com]',
  '⌘ custom filepath { path: \'/custom/path/.env\' }',
  '⌘ enable debugging { debug: true }',
  '⌘ override existing { override: true }',
  '⌘ suppress logs { quiet: true }',
  '⌘ multiple files { path: [\'.env.local\', \'.env\'] }'
]

// Get a random tip from the tips array
function _getRandomTip () {
  return TIPS[Math.floor(Math.random() * TIPS.length)]
}

function parseBoolean (value) {
  if (typeof value === 'string') {
    return !['false', '0', 'no', 'off', ''].includes(value.toLowerCase())
  }
  return Boolean(value)
}

function supportsAnsi () {
  return process.stdout.isTTY // && process.env.TERM !== 'dumb'
}

function dim (text) {
  return supportsAnsi() ? `\x1b[2m${text}\x1b[0m` : text
}

const LINE = /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/mg

// Parse src into an Object
function parse (src) {
  const obj = {}

  // Convert buffer to string
  let lines = src.toString()

  // Convert line breaks to same format
  lines = lines.replace(/\r\n?/mg, '\n')

  let match
  while ((match = LINE.exec(lines)) != null) {
    const key = match[1]

    // Default undefined or null to empty string
    let value = (match[2] || '')

    // Remove whitespace
    value = value.trim()

    // Check if double quoted
    const maybeQuote = value[0]

    // Remove surrounding quotes
    value = value.replace(/^(['"`])([\s\S]*)\1$/mg, '$2')

    // Expand newlines if double quoted
    if (maybeQuote === '"') {
      value = value.replace(/\\n/g, '\n')
      value = value.replace(/\\r/g, '\r')
    }

    // Add to object
    obj[key] = value
  }

  return obj
}

function _parseVault (options) {
  options = options || {}

  const vaultPath = _vaultPath(options)
  options.path = vaultPath // parse .env.vault
  const result = DotenvModule.configDotenv(options)
  if (!result.parsed) {
    const err = new Error(`MISSING_DATA: Cannot parse ${vaultPath} for an unknown reason`)
    err.code = 'MISSING_DATA'
    throw err
  }

  // handle scenario for comma separated keys - for use with key rotation
  // example: DOTENV_KEY="dotenv://:key_1234@dotenvx.com/vault/.env.vault?environment=prod,dotenv://:key_7890@dotenvx.com/vault/.env.vault?environment=prod"
  const keys = _dotenvKey(options).split(',')
  const length = keys.length

  let decrypted
  for (let i = 0; i < length; i++) {
    try {
      // Get full key
      const key = keys[i].trim()

      // Get instructions for decrypt
      const attrs = _instructions(result, key)

      // Decrypt
      decrypted = DotenvModule.decrypt(attrs.ciphertext, attrs.key)

      break
    } catch (error) {
      // last key
      if (i + 1 >= length) {
        throw error
      }
      // try next key
    }
  }

  // Parse decrypted .env string
  return DotenvModule.parse(decrypted)
}

function _warn (message) {
  console.error(`⚠ ${message}`)
}

function _debug (message) {
  console.log(`┆ ${message}`)
}

function _log (message) {
  console.log(`◇ ${message}`)
}

function _dotenvKey (options) {
  // prioritize developer directly setting options.DOTENV_KEY
  if (options && options.DOTENV_KEY && options.DOTENV_KEY.length > 0) {
    return options.DOTENV_KEY
  }

  // secondary infra already contains a DOTENV_KEY environment variable
  if (process.env.DOTENV_KEY && process.env.DOTENV_KEY.length > 0) {
    return process.env.DOTENV_KEY
  }

  // fallback to empty string
  return ''
}

function _instructions (result, dotenvKey) {
  // Parse DOTENV_KEY. Format is a URI
  let uri
  try {
    uri = new URL(dotenvKey)
  } catch (error) {
    if (error.code === 'ERR_INVALID_URL') {
      const err = new Error('INVALID_DOTENV_KEY: Wrong format. Must be in valid uri format like dotenv://:key_1234@dotenvx.com/vault/.env.vault?environment=development')
      err.code = 'INVALID_DOTENV_KEY'
      throw err
    }

    throw error
  }

  // Get decrypt key
  const key = uri.password
  if (!key) {
    const err = new Error('INVALID_DOTENV_KEY: Missing key part')
    err.code = 'INVALID_DOTENV_KEY'
    throw err
  }

  // Get environment
  const environment = uri.searchParams.get('environment')
  if (!environment) {
    const err = new Error('INVALID_DOTENV_KEY: Missing environment part')
    err.code = 'INVALID_DOTENV_KEY'
    throw err
  }

  // Get ciphertext payload
  const environmentKey = `DOTENV_VAULT_${environment.toUpperCase()}`
  const ciphertext = result.parsed[environmentKey] // DOTENV_VAULT_PRODUCTION
  if (!ciphertext) {
    const err = new Error(`NOT_FOUND_DOTENV_ENVIRONMENT: Cannot locate environment ${environmentKey} in your .env.vault file.`)
    err.code = 'NOT_FOUND_DOTENV_ENVIRONMENT'
    throw err
  }

  return { ciphertext, key }
}

function _vaultPath (options) {
  let possibleVaultPath = null

  if (options && options.path && options.path.length > 0) {
    if (Array.isArray(options.path)) {
      for (const filepath of options.path) {
        if (fs.existsSync(filepath)) {
          possibleVaultPath = filepath.endsWith('.vault') ? filepath : `${filepath}.vault`
        }
      }
    } else {
      possibleVaultPath = options.path.endsWith('.vault') ? options.path : `${options.path}.vault`
    }
  } else {
    possibleVaultPath = path.resolve(process.cwd(), '.env.vault')
  }

  if (fs.existsSync(possibleVaultPath)) {
    return possibleVaultPath
  }

  return null
}

function _resolveHome (envPath) {
  return envPath[0] === '~' ? path.join(os.homedir(), envPath.slice(1)) : envPath
}

function _configVault (options) {
  const debug = parseBoolean(process.env.DOTENV_CONFIG_DEBUG || (options && options.debug))
  const quiet = parseBoolean(process.env.DOTENV_CONFIG_QUIET || (options && options.quiet))

  if (debug || !quiet) {
    _log('loading env from encrypted .env.vault')
  }

  const parsed = DotenvModule._parseVault(options)

  let processEnv = process.env
  if (options && options.processEnv != null) {
    processEnv = options.processEnv
  }

  DotenvModule.populate(processEnv, parsed, options)

  return { parsed }
}

function configDotenv (options) {
  const dotenvPath = path.resolve(process.cwd(), '.env')
  let encoding = 'utf8'
  let processEnv = process.env
  if (options && options.processEnv != null) {
    processEnv = options.processEnv
  }
  let debug = parseBoolean(processEnv.DOTENV_CONFIG_DEBUG || (options && options.debug))
  let quiet = parseBoolean(processEnv.DOTENV_CONFIG_QUIET || (options && options.quiet))

  if (options && options.encoding) {
    encoding = options.encoding
  } else {
    if (debug) {
      _debug('no encoding is specified (UTF-8 is used by default)')
    }
  }

  let optionPaths = [dotenvPath] // default, look for .env
  if (options && options.path) {
    if (!Array.isArray(options.path)) {
      optionPaths = [_resolveHome(options.path)]
    } else {
      optionPaths = [] // reset default
      for (const filepath of options.path) {
        optionPaths.push(_resolveHome(filepath))
      }
    }
  }

  // Build the parsed data in a temporary object (because we need to return it).  Once we have the final
  // parsed data, we will combine it with process.env (or options.processEnv if provided).
  let lastError
  const parsedAll = {}
  for (const path of optionPaths) {
    try {
      // Specifying an encoding returns a string instead of a buffer
      const parsed = DotenvModule.parse(fs.readFileSync(path, { encoding }))

      DotenvModule.populate(parsedAll, parsed, options)
    } catch (e) {
      if (debug) {
        _debug(`failed to load ${path} ${e.message}`)
      }
      lastError = e
    }
  }

  const populated = DotenvModule.populate(processEnv, parsedAll, options)

  // handle user settings DOTENV_CONFIG_ options inside .env file(s)
  debug = parseBoolean(processEnv.DOTENV_CONFIG_DEBUG || debug)
  quiet = parseBoolean(processEnv.DOTENV_CONFIG_QUIET || quiet)

  if (debug || !quiet) {
    const keysCount = Object.keys(populated).length
    const shortPaths = []
    for (const filePath of optionPaths) {
      try {
        const relative = path.relative(process.cwd(), filePath)
        shortPaths.push(relative)
      } catch (e) {
        if (debug) {
          _debug(`failed to load ${filePath} ${e.message}`)
        }
        lastError = e
      }
    }

    _log(`injected env (${keysCount}) from ${shortPaths.join(',')} ${dim(`// tip: ${_getRandomTip()}`)}`)
  }

  if (lastError) {
    return { parsed: parsedAll, error: lastError }
  } else {
    return { parsed: parsedAll }
  }
}

// Populates process.env from .env file
function config (options) {
  // fallback to original dotenv if DOTENV_KEY is not set
  if (_dotenvKey(options).length === 0) {
    return DotenvModule.configDotenv(options)
  }

  const vaultPath = _vaultPath(options)

  // dotenvKey exists but .env.vault file does not exist
  if (!vaultPath) {
    _warn(`you set DOTENV_KEY but you are missing a .env.vault file at ${vaultPath}`)

    return DotenvModule.configDotenv(options)
  }

  return DotenvModule._configVault(options)
}

function decrypt (encrypted, keyStr) {
  const key = Buffer.from(keyStr.slice(-64), 'hex')
  let ciphertext = Buffer.from(encrypted, 'base64')

  const nonce = ciphertext.subarray(0, 12)
  const authTag = ciphertext.subarray(-16)
  ciphertext = ciphertext.subarray(12, -16)

  try {
    const aesgcm = crypto.createDecipheriv('aes-256-gcm', key, nonce)
    aesgcm.setAuthTag(authTag)
    return `${aesgcm.update(ciphertext)}${aesgcm.final()}`
  } catch (error) {
    const isRange = error instanceof RangeError
    const invalidKeyLength = error.message === 'Invalid key length'
    const decryptionFailed = error.message === 'Unsupported state or unable to authenticate data'

    if (isRange || invalidKeyLength) {
      const err = new Error('INVALID_DOTENV_KEY: It must be 64 characters long (or more)')
      err.code = 'INVALID_DOTENV_KEY'
      throw err
    } else if (decryptionFailed) {
      const err = new Error('DECRYPTION_FAILED: Please check your DOTENV_KEY')
      err.code = 'DECRYPTION_FAILED'
      throw err
    } else {
      throw error
    }
  }
}

// Populate process.env with parsed values
function populate (processEnv, parsed, options = {}) {
  const debug = Boolean(options && options.debug)
  const override = Boolean(options && options.override)
  const populated = {}

  if (typeof parsed !== 'object') {
    const err = new Error('OBJECT_REQUIRED: Please check the processEnv argument being passed to populate')
    err.code = 'OBJECT_REQUIRED'
    throw err
  }

  // Set process.env
  for (const key of Object.keys(parsed)) {
    if (Object.prototype.hasOwnProperty.call(processEnv, key)) {
      if (override === true) {
        processEnv[key] = parsed[key]
        populated[key] = parsed[key]
      }

      if (debug) {
        if (override === true) {
          _debug(`"${key}" is already defined and WAS overwritten`)
        } else {
          _debug(`"${key}" is already defined and was NOT overwritten`)
        }
      }
    } else {
      processEnv[key] = parsed[key]
      populated[key] = parsed[key]
    }
  }

  return populated
}

const DotenvModule = {
  configDotenv,
  _configVault,
  _parseVault,
  config,
  decrypt,
  parse,
  populate
}

module.exports.configDotenv = DotenvModule.configDotenv
module.exports._configVault = DotenvModule._configVault
module.exports._parseVault = DotenvModule._parseVault
module.exports.config = DotenvModule.config
module.exports.decrypt = DotenvModule.decrypt
module.exports.parse = DotenvModule.parse
module.exports.populate = DotenvModule.populate

module.exports = DotenvModule


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

/***/ 730:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(137);
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(195);


function fail(e) {
    const text = e instanceof _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .FileCommandError */ .CH
        ? e.message
        : `unexpected failure: ${e instanceof Error ? e.message : String(e)}`;
    try {
        _workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(text);
    }
    finally {
        process.exit(1);
    }
}
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
try {
    await (0,_run_js__WEBPACK_IMPORTED_MODULE_1__/* .run */ .eF)((0,_run_js__WEBPACK_IMPORTED_MODULE_1__/* .processEnvironment */ .hv)());
}
catch (e) {
    fail(e);
}
process.exit(process.exitCode ?? 0);

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 195:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  hv: () => (/* reexport */ processEnvironment),
  eF: () => (/* binding */ run)
});

// UNUSED EXPORTS: USER_AGENT

// EXTERNAL MODULE: ./src/workflow-commands.ts
var workflow_commands = __nccwpck_require__(137);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(161);
;// CONCATENATED MODULE: ./src/errors.ts
const ERROR_CLASSES = (/* unused pure expression or super */ null && ([
    'config',
    'token-file',
    'auth-invalid',
    'token-expired',
    'ip-not-allowed',
    'permission-denied',
    'not-in-project',
    'not-found',
    'bad-request',
    'rate-limited',
    'server-error',
    'proxy-blocked',
    'network',
    'tls',
    'timeout',
    'fallback-expired',
    'command-failed'
]));
const FIXES = {
    config: 'correct the step inputs',
    'token-file': 'make the token file a regular, non-empty file owned by the runner user (or root) with mode 0600, e.g. with scripts/install-token-file',
    'auth-invalid': 'the token or client credentials were refused: issue a new Token Auth access token for the machine identity (or check client-id/client-secret) and update the runner',
    'token-expired': 'the access token has expired: issue a new Token Auth access token and install it on the runner (scripts/install-token-file --force on a runner host, or update the token secret)',
    'ip-not-allowed': "the runner's address is outside the identity's trusted IPs: add it to the Token Auth (or Universal Auth) trusted IPs of the machine identity",
    'permission-denied': 'grant the machine identity read access on that folder in that environment',
    'not-in-project': 'add the machine identity to the project with a role that can read secrets',
    'not-found': 'check project-id, environment, the folder path and the secret name',
    'bad-request': 'check project-id, environment and the secret paths; this answer came from Infisical itself',
    'rate-limited': 'Infisical kept answering 429: spread out the runs, or raise the rate limit of the instance',
    'server-error': 'Infisical kept answering with a server error: check its health and logs, or add a second infisical-url',
    'proxy-blocked': 'the answer did not come from Infisical: check the reverse proxy or firewall in front of it, or use a local endpoint (several infisical-url may be given)',
    network: 'check the URL, DNS and that Infisical is reachable from the runner host, or add a second infisical-url',
    tls: 'the certificate was not accepted: check the host name in infisical-url, or give the CA with ca-certificate (or install it in the system bundle)',
    timeout: 'Infisical did not answer in time: check it is reachable, or raise timeout-seconds',
    'fallback-expired': 'the fallback period is over: fix the Infisical failure above, or (deliberately) move fallback-until',
    'command-failed': 'the secrets were read and given to the command; its own output above says why it failed'
};
class ActionError extends Error {
    errorClass;
    what;
    details;
    constructor(errorClass, what, details = {}) {
        super(formatError(errorClass, what, details));
        this.name = 'ActionError';
        this.errorClass = errorClass;
        this.what = what;
        this.details = details;
    }
    with(more) {
        return new ActionError(this.errorClass, this.what, { ...this.details, ...more });
    }
}
function formatError(errorClass, what, d) {
    const where = [];
    if (d.endpoint)
        where.push(d.endpoint);
    if (d.name !== undefined)
        where.push(secretLocation(d.path ?? '/', d.name));
    else if (d.path)
        where.push(d.path);
    if (d.status !== undefined)
        where.push(`HTTP ${d.status}${d.serverMessage ? `: ${d.serverMessage}` : ''}`);
    else if (d.serverMessage)
        where.push(d.serverMessage);
    const place = where.length > 0 ? ` (${where.join(', ')})` : '';
    return `${errorClass}: ${what}${place} - ${d.fix ?? FIXES[errorClass]}`;
}
function secretLocation(path, name) {
    return `${path === '/' ? '' : path}/${name}`;
}
function isActionError(e) {
    return e instanceof ActionError;
}

;// CONCATENATED MODULE: ./src/inputs.ts
const INPUT_NAMES = [
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
];
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

// EXTERNAL MODULE: ./src/log-text.ts
var log_text = __nccwpck_require__(529);
;// CONCATENATED MODULE: ./src/rules.ts
const SOURCES = (/* unused pure expression or super */ null && ([
    'infisical-token-auth',
    'infisical-universal-auth',
    'infisical-oidc-auth',
    'direct-env-fallback'
]));
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

;// CONCATENATED MODULE: ./src/input-values.ts


function parseBoolean(name, value, fallback, problems, also = []) {
    if (value === '')
        return fallback;
    const b = yamlBoolean(value);
    if (b !== undefined)
        return b;
    problems.push(`${name} must be ${[...also, 'true'].join(', ')} or false, got ${(0,log_text/* quoted */.TL)(value)}`);
    return fallback;
}
function parseInteger(name, value, fallback, min, max, problems) {
    if (value === '')
        return fallback;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
        problems.push(`${name} must be a whole number from ${min} to ${max}, got ${(0,log_text/* quoted */.TL)(value)}`);
        return fallback;
    }
    return Number(value);
}
function oneOf(name, value, allowed, fallback, problems) {
    if (value === '')
        return fallback;
    if (allowed.includes(value))
        return value;
    problems.push(`${name} must be one of ${allowed.join(', ')}, got ${(0,log_text/* quoted */.TL)(value)}`);
    return fallback;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: ./src/export-folder.ts



function exportFolderProblem(file, cwd = process.cwd()) {
    const path = (0,external_node_path_namespaceObject.resolve)(cwd, file);
    const folder = (0,external_node_path_namespaceObject.dirname)(path);
    const named = `export-file ${(0,log_text/* quoted */.TL)(file)}`;
    try {
        if (!(0,external_node_fs_.statSync)(folder).isDirectory())
            return `${named}: ${(0,log_text/* quoted */.TL)(folder)} is not a folder`;
    }
    catch (e) {
        const code = e.code;
        if (code === 'ENOENT')
            return `${named}: its folder ${(0,log_text/* quoted */.TL)(folder)} does not exist (ENOENT): create it first, the action creates no folders`;
        if (code === 'ENOTDIR')
            return `${named}: ${(0,log_text/* quoted */.TL)(folder)} is not a folder (ENOTDIR: a part of the path is a file)`;
        return `${named}: its folder ${(0,log_text/* quoted */.TL)(folder)} cannot be reached (${code ?? String(e)})`;
    }
    try {
        (0,external_node_fs_.accessSync)(folder, external_node_fs_.constants.W_OK | external_node_fs_.constants.X_OK);
    }
    catch (e) {
        return `${named}: its folder ${(0,log_text/* quoted */.TL)(folder)} is not writable by the runner user (${e.code ?? String(e)})`;
    }
    try {
        if ((0,external_node_fs_.statSync)(path).isDirectory())
            return `${named} is a folder: give the path of a file in it`;
    }
    catch {
    }
    return undefined;
}

// EXTERNAL MODULE: ./node_modules/dotenv/lib/main.js
var main = __nccwpck_require__(889);
;// CONCATENATED MODULE: ./src/dotenv-format.ts

function candidates(value) {
    return [`'${value}'`, `\`${value}\``, `"${value.replace(/\r/g, '\\r')}"`];
}
function dotenvLine(name, value) {
    for (const quoted of candidates(value)) {
        const line = `${name}=${quoted}`;
        if ((0,main.parse)(`${line}\n`)[name] === value)
            return line;
    }
    return undefined;
}
function dotenvFile(entries) {
    const lines = [];
    const bad = [];
    for (const { name, value } of entries) {
        const line = dotenvLine(name, value);
        if (line === undefined)
            bad.push(name);
        else
            lines.push(line);
    }
    if (bad.length > 0)
        return { unrepresentable: bad };
    const text = lines.map((l) => `${l}\n`).join('');
    const back = (0,main.parse)(text);
    const differ = entries.filter(({ name, value }) => back[name] !== value).map((e) => e.name);
    return differ.length > 0 ? { unrepresentable: differ } : { text };
}

;// CONCATENATED MODULE: ./src/export-format.ts




const EXPORT_FORMATS = ['dotenv', 'shell', 'json'];
function isExportFormat(text) {
    return EXPORT_FORMATS.includes(text);
}
const SHELL_NAME = ENV_NAME;
const SPECIAL_SHELL_NAMES = new Set([
    '_',
    'BASH_ALIASES',
    'BASH_ARGC',
    'BASH_ARGV',
    'BASH_ARGV0',
    'BASH_CMDS',
    'BASH_COMMAND',
    'BASH_COMPAT',
    'BASH_LINENO',
    'BASH_MONOSECONDS',
    'BASH_REMATCH',
    'BASH_SOURCE',
    'BASH_SUBSHELL',
    'BASH_TRAPSIG',
    'BASH_VERSINFO',
    'BASH_XTRACEFD',
    'BASHOPTS',
    'BASHPID',
    'COMP_WORDBREAKS',
    'DIRSTACK',
    'EPOCHREALTIME',
    'EPOCHSECONDS',
    'EUID',
    'FUNCNAME',
    'GROUPS',
    'HISTCMD',
    'LINENO',
    'OPTIND',
    'PIPESTATUS',
    'PPID',
    'RANDOM',
    'SECONDS',
    'SHELLOPTS',
    'SHLVL',
    'SRANDOM',
    'UID'
]);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
function hasLoneSurrogate(text) {
    return LONE_SURROGATE.test(text);
}
function shellQuote(value) {
    return `'${value.replace(/'/g, `'\\''`)}'`;
}
function describe(s) {
    return (0,log_text/* oneLine */.TN)(`${s.env} (${secretLocation(s.path, s.name)})`);
}
const NUL_DOTENV = 'the value holds a NUL character, which no environment variable or env file can carry (later steps would fail or see it cut)';
const NUL_FIX = 'store the value without a NUL character in Infisical';
const SURROGATE = 'the value holds a lone UTF-16 surrogate (half of a pair), which a UTF-8 file cannot carry';
const SURROGATE_FIX = 'store the value as valid Unicode in Infisical, or use export-format: json (written as \\u escapes)';
const SHELL_PROBLEMS = [
    {
        bad: (s) => s.value.includes('\u0000'),
        what: 'the value holds a NUL character, which no shell variable can carry',
        fix: `${NUL_FIX}, or use export-format: json`
    },
    { bad: (s) => hasLoneSurrogate(s.value), what: SURROGATE, fix: SURROGATE_FIX },
    {
        bad: (s) => !SHELL_NAME.test(s.env),
        what: 'the variable name is not a shell name (letters, digits and _, not starting with a digit)',
        fix: 'map the secret to a valid variable name'
    },
    {
        bad: (s) => SHELL_NAME.test(s.env) && SPECIAL_SHELL_NAMES.has(s.env),
        what: 'the variable name is special to bash or dash (read-only, computed or evaluated by the shell), so the shell would not read back the value',
        fix: 'map the secret to another variable name, or use export-format: dotenv or json'
    }
];
function refuse(secrets, problems) {
    const found = problems.map((p) => ({ p, who: secrets.filter(p.bad) })).filter(({ who }) => who.length > 0);
    if (found.length === 0)
        return;
    throw new ActionError('config', found.map(({ p, who }) => `${who.map(describe).join(', ')}: ${p.what}`).join('; '), {
        fix: [...new Set(found.map(({ p }) => p.fix))].join('; ')
    });
}
function dotenvText(secrets) {
    refuse(secrets, [
        { bad: (s) => s.value.includes('\u0000'), what: NUL_DOTENV, fix: NUL_FIX },
        { bad: (s) => hasLoneSurrogate(s.value), what: SURROGATE, fix: SURROGATE_FIX }
    ]);
    const file = dotenvFile(secrets.map((s) => ({ name: s.env, value: s.value })));
    if ('text' in file)
        return file.text;
    const unrepresentable = new Set(file.unrepresentable);
    refuse(secrets, [
        {
            bad: (s) => unrepresentable.has(s.env),
            what: 'the value cannot be written to export-file so that dotenv reads it back identically',
            fix: 'use export-env for this secret instead of export-file, or export-format: shell or json'
        }
    ]);
    throw new Error('unreachable: dotenv reported no value it cannot write');
}
function shellText(secrets) {
    refuse(secrets, SHELL_PROBLEMS);
    return secrets.map((s) => `${s.env}=${shellQuote(s.value)}\n`).join('');
}
function jsonText(secrets) {
    if (secrets.length === 0)
        return '{}\n';
    const members = secrets.map((s) => `  ${JSON.stringify(s.env)}: ${JSON.stringify(s.value)}`);
    return `{\n${members.join(',\n')}\n}\n`;
}
function export_format_exportText(format, secrets) {
    const seen = new Set();
    const twice = new Set(secrets.filter((s) => seen.has(s.env) || !seen.add(s.env)).map((s) => s.env));
    refuse(secrets, [
        {
            bad: (s) => twice.has(s.env),
            what: 'the variable is mapped more than once, and the file can hold one value for it',
            fix: 'map each variable once'
        }
    ]);
    switch (format) {
        case 'dotenv':
            return dotenvText(secrets);
        case 'shell':
            return shellText(secrets);
        case 'json':
            return jsonText(secrets);
        default:
            throw new ActionError('config', `export-format ${(0,log_text/* quoted */.TL)(String(format))} is not one of ${EXPORT_FORMATS.join(', ')}`);
    }
}

;// CONCATENATED MODULE: ./src/plan-hand-off.ts



function commandOf(raw, mode, env, problems) {
    const line = raw.run;
    if (line === '')
        return undefined;
    if (mode === 'check') {
        problems.push('mode check proves access and hands nothing on: remove run, or use mode fetch');
        return undefined;
    }
    if (line.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('#'))) {
        problems.push('run holds no command (only blank or comment lines): give a command line, or remove run');
        return undefined;
    }
    const cwd = env.GITHUB_WORKSPACE ?? '';
    if (cwd === '')
        problems.push('run needs GITHUB_WORKSPACE, the folder it runs in: this must run as a step of a Forgejo or GitHub job');
    return { line, cwd };
}
function handOffOf(raw, env, problems, folderProblemOf = exportFolderProblem) {
    const mode = oneOf('mode', raw.mode, ['fetch', 'check'], 'fetch', problems);
    const command = commandOf(raw, mode, env, problems);
    const exportEnvGiven = raw['export-env'] === 'auto'
        ? command === undefined
        : parseBoolean('export-env', raw['export-env'], command === undefined, problems, ['auto']);
    const exportEnv = mode === 'fetch' && exportEnvGiven;
    const exportFormat = oneOf('export-format', raw['export-format'], EXPORT_FORMATS, 'dotenv', problems);
    const includeImports = parseBoolean('include-imports', raw['include-imports'], false, problems);
    const exportFile = raw['export-file'] || undefined;
    if (!exportFile && raw['export-format'] !== '' && raw['export-format'] !== 'dotenv') {
        problems.push(`export-format is the format of export-file: give export-file, or remove export-format`);
    }
    if (mode === 'check' && exportFile)
        problems.push('mode check exports nothing: remove export-file');
    else if (exportFile) {
        const folderProblem = folderProblemOf(exportFile);
        if (folderProblem)
            problems.push(folderProblem);
    }
    if (exportEnv && !env.GITHUB_ENV) {
        problems.push(`export-env is ${raw['export-env'] === 'auto' ? 'auto (on without run)' : 'on'} but GITHUB_ENV is not set: this must run as a step of a Forgejo or GitHub job`);
    }
    return { mode, command, exportEnv, exportFormat, includeImports, exportFile };
}

;// CONCATENATED MODULE: ./src/urls.ts

const API_SUFFIX = /\/api\/?$/;
function isLoopbackHost(hostname) {
    const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (h === 'localhost' || h === '::1')
        return true;
    return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
function displayUrl(text) {
    const scheme = SCHEME.exec(text)?.[0] ?? '';
    const rest = text.slice(scheme.length);
    const at = rest.lastIndexOf('@');
    return at < 0 ? text : `${scheme}***@${rest.slice(at + 1)}`;
}
function parseInfisicalUrls(input, allowInsecureHttp) {
    const urls = [];
    const problems = [];
    const notices = [];
    const items = input
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter((s) => s !== '');
    if (items.length === 0)
        problems.push('infisical-url is required (e.g. https://infisical.example.org)');
    for (const item of items) {
        const shown = (0,log_text/* quoted */.TL)(displayUrl(item));
        if (item.includes('@')) {
            problems.push(`infisical-url ${shown} holds a user name or password: remove them, credentials go in token, token-file or client-secret`);
            continue;
        }
        let u;
        try {
            u = new URL(item);
        }
        catch {
            problems.push(`infisical-url ${shown} is not a URL`);
            continue;
        }
        if (u.protocol !== 'https:' && u.protocol !== 'http:') {
            problems.push(`infisical-url ${shown} must start with https://`);
            continue;
        }
        if (u.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(u.hostname)) {
            problems.push(`infisical-url ${shown} uses plain http:// to a host that is not loopback: the token would cross the network in clear; use https://, or set allow-insecure-http: true`);
            continue;
        }
        if (u.search !== '' || u.hash !== '') {
            problems.push(`infisical-url ${shown} must not have a query or fragment`);
            continue;
        }
        let base = `${u.origin}${u.pathname}`;
        if (API_SUFFIX.test(u.pathname)) {
            base = `${u.origin}${u.pathname.replace(API_SUFFIX, '')}`;
            notices.push(`infisical-url ${shown} ends in /api (the form Infisical's CLI uses): taken as ${(0,log_text/* quoted */.TL)(base.replace(/\/+$/, ''))}, the action adds /api/... itself`);
        }
        base = base.replace(/\/+$/, '');
        if (!urls.includes(base))
            urls.push(base);
    }
    return { urls, problems, notices };
}

;// CONCATENATED MODULE: ./src/id-token.ts


const REQUEST_URL_VARIABLE = 'ACTIONS_ID_TOKEN_REQUEST_URL';
const REQUEST_TOKEN_VARIABLE = 'ACTIONS_ID_TOKEN_REQUEST_TOKEN';
const ENABLE_OIDC_HINT = 'on Forgejo 15 or later with a runner 12.5 or later, add `enable-openid-connect: true` to the job (or the workflow); on GitHub, add `permissions: id-token: write`. Pull requests from forks never get an ID token';
function idTokenRequestOf(env, audience, allowInsecureHttp) {
    const url = env[REQUEST_URL_VARIABLE] ?? '';
    const token = (env[REQUEST_TOKEN_VARIABLE] ?? '').trim();
    const missing = [url === '' ? REQUEST_URL_VARIABLE : '', token === '' ? REQUEST_TOKEN_VARIABLE : ''].filter((v) => v !== '');
    if (missing.length > 0) {
        return {
            problem: `auth-method oidc needs the job's ID-token request variables, and ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set: ${ENABLE_OIDC_HINT}`
        };
    }
    let u;
    try {
        u = new URL(url);
    }
    catch {
        return { problem: `${REQUEST_URL_VARIABLE} ${(0,log_text/* quoted */.TL)(displayUrl(url))} is not a URL` };
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:')
        return { problem: `${REQUEST_URL_VARIABLE} ${(0,log_text/* quoted */.TL)(displayUrl(url))} is not an http(s) URL` };
    if (u.username !== '' || u.password !== '')
        return { problem: `${REQUEST_URL_VARIABLE} holds a user name or password` };
    if (u.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(u.hostname)) {
        return {
            problem: `${REQUEST_URL_VARIABLE} ${(0,log_text/* quoted */.TL)(displayUrl(u.origin))} uses plain http:// to a host that is not loopback: the job's tokens would cross the network in clear; serve Forgejo over https://, or set allow-insecure-http: true`
        };
    }
    if (audience !== '')
        u.searchParams.set('audience', audience);
    if (/[\u0000-\u0020\u007f-\uffff]/.test(token))
        return { problem: `${REQUEST_TOKEN_VARIABLE} holds white space or a character an HTTP header cannot carry` };
    return { url: u.href, token };
}
function idTokenEndpoint(url) {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
}
function base64UrlJson(part) {
    try {
        return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    }
    catch {
        return undefined;
    }
}
function idTokenClaims(jwt) {
    const payload = base64UrlJson(jwt.split('.')[1] ?? '');
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
        return {};
    const p = payload;
    const aud = typeof p.aud === 'string'
        ? [p.aud]
        : Array.isArray(p.aud)
            ? p.aud.filter((a) => typeof a === 'string')
            : undefined;
    return {
        ...(typeof p.iss === 'string' ? { iss: p.iss } : {}),
        ...(typeof p.sub === 'string' ? { sub: p.sub } : {}),
        ...(aud ? { aud } : {}),
        ...(typeof p.exp === 'number' && Number.isFinite(p.exp) ? { exp: new Date(p.exp * 1000) } : {})
    };
}
function describeClaims(c) {
    const show = (v) => (v === undefined ? '(none)' : (0,log_text/* quoted */.TL)((0,log_text/* cut */.Jj)((0,log_text/* oneLine */.TN)(v), 200)));
    const aud = c.aud === undefined || c.aud.length === 0 ? '(none)' : c.aud.map((a) => show(a)).join(', ');
    return `iss ${show(c.iss)}, sub ${show(c.sub)}, aud ${aud}`;
}

;// CONCATENATED MODULE: ./src/plan-auth.ts


function authOf(raw, env, allowInsecureHttp, problems) {
    const method = oneOf('auth-method', raw['auth-method'], ['token', 'universal', 'oidc'], 'token', problems);
    if (method !== 'oidc' && raw['oidc-audience'] !== '')
        problems.push('oidc-audience is only used with auth-method oidc');
    if (method === 'oidc') {
        const given = ['token', 'token-file', 'client-id', 'client-secret'].filter((n) => raw[n] !== '');
        if (given.length > 0)
            problems.push(`auth-method oidc logs in with the job's own ID token: remove ${given.join(', ')}`);
        if (raw['identity-id'] === '')
            problems.push('auth-method oidc needs identity-id (the machine identity whose OIDC Auth the login names)');
        const request = idTokenRequestOf(env, raw['oidc-audience'], allowInsecureHttp);
        if ('problem' in request)
            problems.push(request.problem);
        return {
            method,
            identityId: raw['identity-id'],
            ...(raw['oidc-audience'] ? { audience: raw['oidc-audience'] } : {}),
            request: 'problem' in request ? { url: '', token: '' } : request
        };
    }
    if (method === 'universal') {
        if (raw.token !== '' || raw['token-file'] !== '') {
            problems.push('auth-method universal takes client-id and client-secret; remove token and token-file');
        }
        if (raw['client-id'] === '' || raw['client-secret'] === '') {
            problems.push('auth-method universal needs both client-id and client-secret');
        }
        return { method, clientId: raw['client-id'], clientSecret: raw['client-secret'] };
    }
    if (raw['client-id'] !== '' || raw['client-secret'] !== '') {
        problems.push('client-id and client-secret are for auth-method universal; with auth-method token give token or token-file');
    }
    if (raw.token !== '' && raw['token-file'] !== '') {
        problems.push('give exactly one of token and token-file, not both');
    }
    if (raw['token-file'] !== '')
        return { method, tokenFile: raw['token-file'] };
    if (raw.token === '')
        problems.push('auth-method token needs token or token-file (the Token Auth access token)');
    return { method, token: raw.token };
}

;// CONCATENATED MODULE: ./src/plan-fallback.ts


const MAX_SOAK_DAYS = 90;
const DAY_MS = 86_400_000;
function parseFallbackUntil(value) {
    const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (day) {
        const d = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]), 23, 59, 59, 999));
        return d.getUTCDate() === Number(day[3]) ? d : undefined;
    }
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value))
        return undefined;
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? undefined : d;
}
function latestFallbackUntil(now) {
    const day = new Date(now.getTime() + MAX_SOAK_DAYS * DAY_MS);
    return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 23, 59, 59, 999));
}
function fallbackOf(raw, mode, now, problems) {
    const kind = oneOf('fallback', raw.fallback, ['none', 'env', 'env-file'], 'none', problems);
    if (kind === 'none') {
        if (raw['fallback-until'] !== '' || raw['fallback-env-file'] !== '') {
            problems.push('fallback-until and fallback-env-file need fallback: env or env-file');
        }
        return { kind };
    }
    if (mode === 'check')
        problems.push('mode check proves access to Infisical and cannot use a fallback: set fallback: none');
    let until;
    if (raw['fallback-until'] === '') {
        problems.push(`fallback: ${kind} needs fallback-until (a date such as 2026-06-30): a fallback must end`);
    }
    else {
        until = parseFallbackUntil(raw['fallback-until']);
        const latest = latestFallbackUntil(now);
        if (!until)
            problems.push(`fallback-until ${(0,log_text/* quoted */.TL)(raw['fallback-until'])} is not an ISO 8601 date (2026-06-30) or date-time with a time zone`);
        else if (until.getTime() > latest.getTime()) {
            problems.push(`fallback-until ${(0,log_text/* quoted */.TL)(raw['fallback-until'])} is more than ${MAX_SOAK_DAYS} days ahead (after ${latest.toISOString().slice(0, 10)}): a soak is short; give the date the soak ends, and move it on deliberately if it must last longer`);
        }
    }
    const end = until ?? new Date(0);
    if (kind === 'env') {
        if (raw['fallback-env-file'] !== '')
            problems.push('fallback-env-file is only read with fallback: env-file');
        return { kind, until: end };
    }
    if (raw['fallback-env-file'] === '')
        problems.push('fallback: env-file needs fallback-env-file');
    return { kind, file: raw['fallback-env-file'], until: end };
}

;// CONCATENATED MODULE: ./src/secret-mappings.ts


const SEGMENT = /^[A-Za-z0-9_-]+$/;
const RESERVED_PREFIXES = ['GITHUB_', 'FORGEJO_', 'RUNNER_', 'ACTIONS_', 'INPUT_', 'STATE_'];
const RESERVED_NAMES = ['CI', 'HOME', 'PATH', 'NODE_OPTIONS'];
const MAX_ENCODED_NAME = 100;
const TRAILING_COMMENT = /[ \t]#.*$/;
function secretNameProblem(name) {
    const shown = `secret name ${(0,log_text/* quoted */.TL)(name)}`;
    if (name === '.' || name === '..')
        return `${shown} would change the route of the request (a URL path segment "${name}" is resolved away)`;
    if (name.includes(':'))
        return `${shown} may not contain ":"`;
    if (/\s/.test(name))
        return `${shown} holds white space`;
    if (/[\u0000-\u001f\u007f-\u009f]/.test(name))
        return `${shown} holds a control character`;
    let encoded;
    try {
        encoded = encodeURIComponent(name);
    }
    catch {
        return `${shown} cannot be percent-encoded (it holds a lone UTF-16 surrogate)`;
    }
    if (encoded.length > MAX_ENCODED_NAME) {
        return `${shown} is ${encoded.length} characters long percent-encoded, more than the ${MAX_ENCODED_NAME} Infisical's route accepts`;
    }
    return undefined;
}
function envNameProblem(name) {
    if (!ENV_NAME.test(name))
        return `${(0,log_text/* quoted */.TL)(name)} is not a valid variable name (letters, digits and _, not starting with a digit)`;
    const upper = name.toUpperCase();
    if (RESERVED_NAMES.includes(upper) || RESERVED_PREFIXES.some((p) => upper.startsWith(p))) {
        return `${(0,log_text/* quoted */.TL)(name)} is a runner variable and cannot be overwritten`;
    }
    return undefined;
}
function resolveFolder(base, folder) {
    const joined = folder.startsWith('/') ? folder : `${base}/${folder}`;
    if (!joined.startsWith('/'))
        return { problem: `folder path ${(0,log_text/* quoted */.TL)(folder)} is not absolute` };
    const segments = joined.split('/').filter((s) => s !== '');
    const bad = segments.find((s) => !SEGMENT.test(s));
    if (bad !== undefined) {
        return { problem: `folder segment ${(0,log_text/* quoted */.TL)(bad)} of ${(0,log_text/* quoted */.TL)(joined)} may hold only letters, digits, _ and -` };
    }
    return { path: `/${segments.join('/')}` };
}
function parseSecretMappings(text, basePath) {
    const mappings = [];
    const problems = [];
    const seen = new Map();
    text.split('\n').forEach((rawLine, index) => {
        const line = index + 1;
        const content = rawLine.trim();
        if (content === '' || content.startsWith('#'))
            return;
        const mapping = content.replace(TRAILING_COMMENT, '').trim();
        const eq = mapping.indexOf('=');
        if (eq < 0) {
            problems.push(`secrets line ${line}: expected ENV_NAME=SECRET_NAME or ENV_NAME=/folder/SECRET_NAME, got no "="`);
            return;
        }
        const env = mapping.slice(0, eq).trim();
        const ref = mapping.slice(eq + 1).trim();
        const envProblem = envNameProblem(env);
        if (envProblem) {
            problems.push(`secrets line ${line}: ${envProblem}`);
            return;
        }
        const earlier = seen.get(env);
        if (earlier !== undefined) {
            problems.push(`secrets line ${line}: ${env} is already mapped on line ${earlier}`);
            return;
        }
        seen.set(env, line);
        const slash = ref.lastIndexOf('/');
        const name = (slash < 0 ? ref : ref.slice(slash + 1)).trim();
        if (name === '') {
            problems.push(`secrets line ${line}: the secret name after "${env}=" is empty`);
            return;
        }
        const nameProblem = secretNameProblem(name);
        if (nameProblem !== undefined) {
            problems.push(`secrets line ${line}: ${nameProblem}`);
            return;
        }
        const folder = resolveFolder(basePath, slash < 0 ? '' : ref.slice(0, slash) || '/');
        if ('problem' in folder) {
            problems.push(`secrets line ${line}: ${folder.problem}`);
            return;
        }
        mappings.push({ env, path: folder.path, name, line });
    });
    if (mappings.length === 0 && problems.length === 0)
        problems.push('secrets: no mapping given (one ENV_NAME=SECRET_NAME a line)');
    return { mappings, problems };
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

;// CONCATENATED MODULE: ./src/plan.ts











const MAX_LABEL = 100;
function markerPathOf(raw, ctx) {
    return markerPathOr(raw['marker-path'], ctx.env, ctx.tmpdir);
}
function markerKeyOf(raw) {
    return MARKER_KEY.test(raw['marker-key']) ? raw['marker-key'] : 'secret_source';
}
function connectionOf(raw, env, problems) {
    const allowInsecureHttp = parseBoolean('allow-insecure-http', raw['allow-insecure-http'], false, problems);
    const { urls, problems: urlProblems, notices } = parseInfisicalUrls(raw['infisical-url'], allowInsecureHttp);
    problems.push(...urlProblems);
    const auth = authOf(raw, env, allowInsecureHttp, problems);
    return { allowInsecureHttp, urls, notices, auth };
}
function sourceOf(raw, problems) {
    if (raw['project-id'] === '')
        problems.push('project-id is required (the Infisical project id)');
    if (raw.environment === '')
        problems.push('environment is required (an environment slug such as prod)');
    else if (!/^[A-Za-z0-9_-]+$/.test(raw.environment))
        problems.push(`environment ${(0,log_text/* quoted */.TL)(raw.environment)} is not an environment slug`);
    const base = resolveFolder('/', raw['secret-path'] || '/');
    if ('problem' in base)
        problems.push(`secret-path: ${base.problem}`);
    const secretPath = 'path' in base ? base.path : '/';
    let mappings = [];
    if (raw.secrets === '')
        problems.push('secrets is required: one ENV_NAME=SECRET_NAME a line');
    else {
        const parsed = parseSecretMappings(raw.secrets, secretPath);
        mappings = parsed.mappings;
        problems.push(...parsed.problems);
    }
    return { secretPath, mappings };
}
function recordOf(raw, problems) {
    if (raw['marker-key'] !== '' && !MARKER_KEY.test(raw['marker-key'])) {
        problems.push(`marker-key ${(0,log_text/* quoted */.TL)(raw['marker-key'])} may hold only letters, digits, _, . and -`);
    }
    const label = raw.label;
    if (label.length > MAX_LABEL || /[\u0000-\u001f\u007f]/.test(label)) {
        problems.push(`label must be one line of at most ${MAX_LABEL} characters without control characters (got ${label.length} characters)`);
    }
    return { label };
}
function limitsOf(raw, problems) {
    const timeoutSeconds = parseInteger('timeout-seconds', raw['timeout-seconds'], 60, 1, 3600, problems);
    const retries = parseInteger('retries', raw.retries, 2, 0, 10, problems);
    const tokenExpiryWarningDays = parseInteger('token-expiry-warning-days', raw['token-expiry-warning-days'], 14, 0, 3650, problems);
    return { timeoutMs: timeoutSeconds * 1000, retries, tokenExpiryWarningDays };
}
function buildPlan(raw, ctx) {
    const problems = [];
    const { allowInsecureHttp, urls, notices, auth } = connectionOf(raw, ctx.env, problems);
    const { secretPath, mappings } = sourceOf(raw, problems);
    const { mode, command, exportEnv, exportFormat, includeImports, exportFile } = handOffOf(raw, ctx.env, problems, ctx.exportFolderProblem);
    const fallback = fallbackOf(raw, mode, ctx.now, problems);
    const { label } = recordOf(raw, problems);
    const { timeoutMs, retries, tokenExpiryWarningDays } = limitsOf(raw, problems);
    if (problems.length > 0) {
        throw new ActionError('config', problems.join('; '), {
            fix: problems.length > 1 ? 'correct these inputs of the step' : 'correct this input of the step'
        });
    }
    return {
        urls,
        notices,
        auth,
        ...(raw['identity-id'] ? { identityId: raw['identity-id'] } : {}),
        projectId: raw['project-id'],
        environment: raw.environment,
        secretPath,
        mappings,
        includeImports,
        exportEnv,
        ...(exportFile ? { exportFile } : {}),
        exportFormat,
        ...(command ? { command } : {}),
        mode,
        fallback,
        markerKey: markerKeyOf(raw),
        ...(label !== '' ? { label } : {}),
        ...(raw['ledger-path'] !== '' ? { ledgerPath: raw['ledger-path'] } : {}),
        timeoutMs,
        retries,
        ...(raw['ca-certificate'] ? { caCertificate: raw['ca-certificate'] } : {}),
        allowInsecureHttp,
        tokenExpiryWarningDays
    };
}

;// CONCATENATED MODULE: ./src/masking.ts
const MIN_MASKED_LINE = 4;
const EXEC_COMMAND = /^::([^ ]+)( ([^\n]+))?::([^\r\n]*)[\r\n]+$/;
const DECODINGS = [
    ['%25', '%'],
    ['%0D', '\r'],
    ['%0A', '\n']
];
const ORDERS = [
    [0, 1, 2],
    [0, 2, 1],
    [1, 0, 2],
    [1, 2, 0],
    [2, 0, 1],
    [2, 1, 0]
].map((o) => o.map((i) => DECODINGS[i]));
const SEPARATORS = /:{2,}|\r|%25|%0A|%0D/;
function execRegisters(line) {
    const m = EXEC_COMMAND.exec(`${line}\n`);
    if (!m || m[1] !== 'add-mask' || m[2] !== undefined)
        return undefined;
    const data = m[4] ?? '';
    const results = new Set(ORDERS.map((order) => order.reduce((s, [from, to]) => s.split(from).join(to), data)));
    return results.size === 1 ? [...results][0] : undefined;
}
function minimalEscape(text) {
    return text
        .replace(/%(?=25|0A|0D)/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function unitsOf(value) {
    if (value.trim() === '')
        return { lines: [] };
    const lines = value.split('\n').map((l) => l.replace(/\r$/, ''));
    const filled = lines.filter((l) => l.trim() !== '');
    const units = filled.length === 1 ? filled : filled.filter((l) => l.length >= MIN_MASKED_LINE);
    return { lines: [...new Set(units)], ...(lines.length > 1 ? { whole: value } : {}) };
}
function execMask(text, masks) {
    let out = text;
    for (const m of masks)
        if (m !== '')
            out = out.split(m).join('***');
    return out;
}
function planMasks(values, registered = []) {
    const entries = [];
    const problems = [];
    values.forEach((value, index) => {
        const mine = [];
        const reasons = [];
        const { lines, whole } = unitsOf(value);
        lines.forEach((unit) => {
            const where = lines.length > 1 || whole !== undefined ? `a line of ${unit.length} characters` : 'the value';
            if (execRegisters(`::add-mask::${unit}`) === unit) {
                mine.push({ command: `::add-mask::${unit}`, exec: unit, late: false });
                return;
            }
            const pieces = unit
                .split(SEPARATORS)
                .map((p) => p.replace(/^:+/, ''))
                .filter((p) => p !== '');
            const short = pieces.filter((p) => p.length < MIN_MASKED_LINE || execRegisters(`::add-mask::${p}`) !== p);
            if (pieces.length === 0 && where === 'the value') {
                reasons.push(`the value is made of ${describeSeparators(unit)} only, which forgejo-runner exec cannot read in an add-mask command`);
                return;
            }
            if (short.length > 0) {
                reasons.push(`${where} holds ${describeSeparators(unit)}, which forgejo-runner exec cannot read in an add-mask command, and the parts between them include one shorter than ${MIN_MASKED_LINE} characters`);
                return;
            }
            for (const p of pieces)
                mine.push({ command: `::add-mask::${p}`, exec: p, late: false });
            const escaped = minimalEscape(unit);
            if (escaped !== unit && execRegisters(`::add-mask::${escaped}`) === unit)
                mine.push({ command: `::add-mask::${escaped}`, exec: unit, late: true });
            mine.push({ command: `::add-mask::${unit}`, late: true });
        });
        if (whole !== undefined) {
            const escaped = minimalEscape(whole);
            if (execRegisters(`::add-mask::${escaped}`) === whole)
                mine.push({ command: `::add-mask::${escaped}`, exec: whole, late: true });
        }
        for (const e of [...mine]) {
            if (e.exec === undefined || e.exec.includes('\n'))
                continue;
            const left = execMask(e.exec, registered);
            if (left === e.exec)
                continue;
            for (const rest of left.split('***').filter((r) => r.trim() !== '')) {
                if (rest.length < MIN_MASKED_LINE) {
                    reasons.push('it contains a credential or value masked earlier, with fewer than 4 other characters around it, which forgejo-runner exec would show');
                    break;
                }
                mine.push({ command: `::add-mask::${rest}`, exec: rest, late: false });
            }
        }
        if (reasons.length > 0)
            problems.push({ index, reason: [...new Set(reasons)].join('; ') });
        else
            entries.push(...mine);
    });
    const byLength = (a, b) => (b.exec?.length ?? 0) - (a.exec?.length ?? 0);
    const ordered = [...entries.filter((e) => !e.late).sort(byLength), ...entries.filter((e) => e.late).sort(byLength)];
    const commands = [];
    const execMasks = [];
    const seen = new Set();
    for (const e of ordered) {
        if (seen.has(e.command))
            continue;
        seen.add(e.command);
        commands.push(e.command);
        if (e.exec !== undefined)
            execMasks.push(e.exec);
    }
    return { commands, execMasks, problems };
}
function describeSeparators(unit) {
    const found = [];
    if (/:{2,}/.test(unit))
        found.push('a double colon');
    if (/^:/.test(unit))
        found.push('a leading ":"');
    if (unit.includes('\r'))
        found.push('a carriage return');
    for (const s of ['%25', '%0A', '%0D'])
        if (unit.includes(s))
            found.push(`"${s}" as text`);
    return found.join(' and ') || 'characters';
}
class Masker {
    write;
    protect;
    execMasks = [];
    done = new Set();
    constructor(write, protect) {
        this.write = write;
        this.protect = protect;
    }
    mask(values) {
        const list = values.map((v) => v ?? '');
        for (const v of list)
            if (v !== '')
                this.protect(v);
        const fresh = list.map((v) => (this.done.has(v) ? '' : v));
        const plan = planMasks(fresh, this.execMasks);
        if (plan.problems.length > 0)
            return plan.problems;
        for (const v of fresh)
            this.done.add(v);
        for (const c of plan.commands)
            this.write(c);
        this.execMasks.push(...plan.execMasks);
        return [];
    }
}

;// CONCATENATED MODULE: ./src/masks.ts

function maskOrFail(masker, values, labels, cls) {
    const problems = masker.mask(values);
    if (problems.length === 0)
        return;
    const what = problems.map((p) => `${labels[p.index] ?? 'a value'}: ${p.reason}`).join('; ');
    throw new ActionError(cls, `cannot be masked in the job log, so nothing of it was printed or exported: ${what}`, {
        fix: cls === 'config'
            ? 'store the value so that each line is free of "::", "%0A", "%0D", "%25" and carriage returns, or has at least 4 characters between them (base64 always works)'
            : 'install a token as Infisical issued it'
    });
}
function maskSecrets(masker, secrets) {
    maskOrFail(masker, secrets.map((s) => s.value), secrets.map((s) => `${s.env} (${secretLocation(s.path, s.name)})`), 'config');
}

;// CONCATENATED MODULE: ./src/infisical/deadline.ts
const REAL_CLOCK = { now: () => Date.now(), sleep: (ms, signal) => sleep(ms, signal) };
class Deadline {
    limitMs;
    clock;
    signal;
    endsAt;
    controller = new AbortController();
    timer;
    constructor(limitMs, clock = REAL_CLOCK) {
        this.limitMs = limitMs;
        this.clock = clock;
        this.endsAt = clock.now() + limitMs;
        this.signal = this.controller.signal;
        this.timer = setTimeout(() => this.controller.abort(new DeadlineExceeded(limitMs)), limitMs);
        this.timer.unref();
    }
    now() {
        return this.clock.now();
    }
    sleep(ms, signal) {
        return this.clock.sleep(ms, signal);
    }
    remainingMs() {
        return Math.max(0, this.endsAt - this.clock.now());
    }
    get passed() {
        return this.signal.aborted;
    }
    dispose() {
        clearTimeout(this.timer);
    }
}
class DeadlineExceeded extends Error {
    limitMs;
    constructor(limitMs) {
        super(`the run deadline of ${limitMs / 1000} s passed`);
        this.limitMs = limitMs;
        this.name = 'DeadlineExceeded';
    }
}
function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal.aborted)
            return reject(signal.reason);
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal.reason);
        };
        const timer = setTimeout(() => {
            signal.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal.addEventListener('abort', onAbort, { once: true });
    });
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
function regular_file_readRegularFile(path, maxBytes = MAX_INPUT_FILE_BYTES, check) {
    let fd;
    try {
        fd = (0,external_node_fs_.openSync)(path, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOCTTY | external_node_fs_.constants.O_NONBLOCK);
    }
    catch (e) {
        return { problem: { kind: 'open', code: e.code ?? String(e) } };
    }
    try {
        const stat = (0,external_node_fs_.fstatSync)(fd);
        if (!stat.isFile())
            return { problem: { kind: 'not-regular', what: kindOf(stat) } };
        if (stat.size > maxBytes)
            return { problem: { kind: 'too-large', bytes: stat.size } };
        check?.(stat);
        const buf = Buffer.alloc(maxBytes + 1);
        let n = 0;
        for (;;) {
            const got = (0,external_node_fs_.readSync)(fd, buf, n, buf.length - n, null);
            if (got === 0)
                break;
            n += got;
            if (n > maxBytes)
                return { problem: { kind: 'too-large', bytes: n } };
        }
        return { text: buf.subarray(0, n).toString('utf8'), stat };
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}

;// CONCATENATED MODULE: ./src/protected-file.ts



function modeText(mode) {
    return (mode & 0o777).toString(8).padStart(4, '0');
}
function fixFor(p) {
    if (p.kind === 'open' && p.code === 'ENOENT')
        return 'create it on the runner host (mode 0600, owned by the runner user), e.g. with scripts/install-token-file';
    if (p.kind === 'open' && p.code === 'EACCES')
        return 'make the runner user its owner, with mode 0600';
    if (p.kind === 'open')
        return 'check the path';
    if (p.kind === 'too-large')
        return 'point the input at the file that holds the credential alone';
    return 'point the input at a regular file';
}
function readProtectedFile(path, input, owner) {
    const named = `${input} ${(0,log_text/* quoted */.TL)(path)}`;
    const fail = (what, fix) => {
        throw new ActionError('token-file', `${named}: ${what}`, { fix });
    };
    const read = regular_file_readRegularFile(path, undefined, (st) => {
        if ((st.mode & 0o077) !== 0) {
            fail(`has mode ${modeText(st.mode)}: group or others may read or write it`, `run chmod 600 ${(0,log_text/* quoted */.TL)(path)} on the runner host`);
        }
        if (st.uid !== owner.uid && st.uid !== 0) {
            fail(`is owned by uid ${st.uid}, not by the runner user (uid ${owner.uid}) or root`, `run chown ${owner.uid} ${(0,log_text/* quoted */.TL)(path)} on the runner host`);
        }
    });
    if ('problem' in read)
        return fail(describeFileProblem(read.problem), fixFor(read.problem));
    return read.text;
}
function readTokenFile(path, owner) {
    const token = readProtectedFile(path, 'token-file', owner).trim();
    if (token === '') {
        throw new ActionError('token-file', `token-file ${(0,log_text/* quoted */.TL)(path)}: is empty`, {
            fix: 'write the Token Auth access token into it, e.g. with scripts/install-token-file'
        });
    }
    return token;
}

;// CONCATENATED MODULE: ./src/fallback.ts




function fallbackApplies(fallback, errorClass) {
    return fallback.kind !== 'none' && errorClass !== 'config' && errorClass !== 'token-file';
}
function checkFallbackWindow(fallback, cause, now) {
    if (now.getTime() > fallback.until.getTime()) {
        throw new ActionError('fallback-expired', `Infisical failed and the ${fallback.kind} fallback ended at ${fallback.until.toISOString()}; the Infisical failure was: ${cause.message}`, { fix: 'fix the Infisical failure above; the soak period is over (move fallback-until only deliberately)' });
    }
}
function fallbackValues(fallback, mappings, env, owner, cause) {
    const source = fallback.kind === 'env' ? env : (0,main.parse)(readProtectedFile(fallback.file, 'fallback-env-file', owner));
    const values = new Map();
    const missing = [];
    for (const m of mappings) {
        const v = source[m.env];
        if (v === undefined)
            missing.push(m.env);
        else
            values.set(m.env, v);
    }
    if (missing.length > 0) {
        const where = fallback.kind === 'env' ? "the step's environment" : `fallback-env-file ${(0,log_text/* quoted */.TL)(fallback.file)}`;
        throw new ActionError(cause.errorClass, `${cause.what}; the fallback cannot stand in: ${where} lacks ${missing.join(', ')}`, {
            ...cause.details,
            fix: `${cause.details.fix ?? FIXES[cause.errorClass]}; for the soak, give every mapped name in the fallback`
        });
    }
    return values;
}

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
        return (0,external_node_fs_.realpathSync)(path);
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
    return (0,external_node_path_namespaceObject.join)(env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), `infisical-export-file-${id}.json`);
}
function cleanup_unlinkQuietly(path) {
    try {
        (0,external_node_fs_.unlinkSync)(path);
    }
    catch {
    }
}
function recordForPostStep(record, env) {
    const id = (0,external_node_crypto_.randomBytes)(16).toString('hex');
    const file = recordFile(id, env);
    const fd = (0,external_node_fs_.openSync)(file, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL, 0o600);
    try {
        (0,external_node_fs_.writeSync)(fd, JSON.stringify(record));
        (0,external_node_fs_.closeSync)(fd);
        workflow_commands/* saveState */.LZ(STATE_CLEANUP_ID, id);
    }
    catch (e) {
        try {
            (0,external_node_fs_.closeSync)(fd);
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
            forget = recordForPostStep({ path: (0,external_node_path_namespaceObject.join)(folder, (0,external_node_path_namespaceObject.basename)(staged.path)), dev: String(staged.dev), ino: String(staged.ino) }, env);
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
    const st = lstatSync(file);
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
        !isAbsolute(path) ||
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
    if (realOrUndefined(dirname(path)) === undefined)
        return { kind: 'gone', path };
    const folder = jobFolderOf(path, env);
    if (folder === undefined)
        return { kind: 'outside', path };
    const target = join(folder, basename(path));
    let st;
    try {
        st = lstatSync(target, { bigint: true });
    }
    catch (e) {
        if (e.code === 'ENOENT')
            return { kind: 'gone', path };
        return { kind: 'failed', path, code: e.code ?? String(e) };
    }
    if (!st.isFile() || String(st.dev) !== record.dev || String(st.ino) !== record.ino)
        return { kind: 'replaced', path };
    try {
        unlinkSync(target);
    }
    catch (e) {
        const code = e.code ?? String(e);
        return code === 'ENOENT' ? { kind: 'gone', path } : { kind: 'failed', path, code };
    }
    return { kind: 'removed', path };
}

;// CONCATENATED MODULE: ./src/words.ts
function plural(n, word) {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}

;// CONCATENATED MODULE: external "node:http"
const external_node_http_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");
var external_node_http_default = /*#__PURE__*/__nccwpck_require__.n(external_node_http_namespaceObject);
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");
var external_node_https_default = /*#__PURE__*/__nccwpck_require__.n(external_node_https_namespaceObject);
;// CONCATENATED MODULE: external "node:tls"
const external_node_tls_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");
var external_node_tls_default = /*#__PURE__*/__nccwpck_require__.n(external_node_tls_namespaceObject);
;// CONCATENATED MODULE: ./src/infisical/proxy.ts



function envSetting(env, name) {
    for (const variable of [name.toLowerCase(), name.toUpperCase()]) {
        const v = env[variable];
        if (v !== undefined)
            return v.trim() === '' ? undefined : { variable, value: v.trim() };
    }
    return undefined;
}
function envValue(env, name) {
    return envSetting(env, name)?.value;
}
function withScheme(proxy) {
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}
function bypassesProxy(url, noProxy) {
    if (!noProxy)
        return false;
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    for (const raw of noProxy.split(/[\s,]+/)) {
        let entry = raw.trim().toLowerCase();
        if (entry === '')
            continue;
        if (entry === '*')
            return true;
        let entryPort;
        const m = /^(.*):(\d+)$/.exec(entry);
        if (m && !entry.includes('::')) {
            entry = m[1] ?? '';
            entryPort = m[2];
        }
        entry = entry.replace(/^\[|\]$/g, '').replace(/^\*/, '');
        if (entryPort !== undefined && entryPort !== port)
            continue;
        if (entry.startsWith('.')) {
            if (host.endsWith(entry) || host === entry.slice(1))
                return true;
        }
        else if (host === entry || host.endsWith(`.${entry}`)) {
            return true;
        }
    }
    return false;
}
function proxySetting(target, env) {
    const url = new URL(target);
    if (isLoopbackHost(url.hostname))
        return undefined;
    if (bypassesProxy(url, envValue(env, 'no_proxy')))
        return undefined;
    return envSetting(env, url.protocol === 'https:' ? 'https_proxy' : 'http_proxy');
}
function proxyFor(target, env) {
    const setting = proxySetting(target, env);
    return setting && withScheme(setting.value);
}
function checkProxies(targets, env) {
    for (const target of targets) {
        const setting = proxySetting(target, env);
        if (!setting)
            continue;
        let url;
        try {
            url = new URL(withScheme(setting.value));
        }
        catch {
            url = undefined;
        }
        if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
            throw new ActionError('config', `${setting.variable} ${(0,log_text/* quoted */.TL)(displayUrl(setting.value))} is not a proxy this action can use`, {
                fix: `give ${setting.variable} as http://host:port or https://host:port (user name and password percent-encoded), or name the Infisical host in NO_PROXY`
            });
        }
    }
}

;// CONCATENATED MODULE: ./src/infisical/transport.ts




const MAX_SOCKETS = 8;
const MAX_BODY = 4 * 1024 * 1024;
const VERIFY = { rejectUnauthorized: true };
class ProxyTunnelError extends Error {
    status;
    code = 'ERR_PROXY_TUNNEL';
    constructor(status) {
        super(`the proxy answered the CONNECT request with HTTP ${status}`);
        this.status = status;
        this.name = 'ProxyTunnelError';
    }
}
function decoded(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}
function openTunnel(proxy, host, port, secureContext, done) {
    let settled = false;
    const finish = (err, socket) => {
        if (settled)
            return;
        settled = true;
        done(err, socket);
    };
    const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    const auth = proxy.username || proxy.password
        ? {
            'proxy-authorization': `Basic ${Buffer.from(`${decoded(proxy.username)}:${decoded(proxy.password)}`).toString('base64')}`
        }
        : {};
    const viaTls = proxy.protocol === 'https:';
    const req = (viaTls ? (external_node_https_default()) : (external_node_http_default())).request({
        host: proxy.hostname.replace(/^\[|\]$/g, ''),
        port: proxy.port || (viaTls ? 443 : 80),
        method: 'CONNECT',
        path: target,
        headers: { host: target, ...auth },
        agent: false,
        ...(viaTls ? { ...VERIFY, ...(secureContext ? { secureContext } : {}) } : {})
    });
    req.once('connect', (res, socket) => {
        if (res.statusCode === 200)
            return finish(null, socket);
        socket.destroy();
        finish(new ProxyTunnelError(res.statusCode ?? 0));
    });
    req.once('error', (e) => finish(e));
    req.end();
}
function hostAndPort(options, defaultPort) {
    return [String(options.hostname ?? options.host ?? 'localhost'), Number(options.port || defaultPort)];
}
class TunnelHttpAgent extends (external_node_http_default()).Agent {
    proxy;
    secureContext;
    constructor(proxy, secureContext) {
        super({ keepAlive: true, maxSockets: MAX_SOCKETS });
        this.proxy = proxy;
        this.secureContext = secureContext;
    }
    createConnection(options, callback) {
        const [host, port] = hostAndPort(options, 80);
        openTunnel(this.proxy, host, port, this.secureContext, callback);
        return undefined;
    }
}
class TunnelHttpsAgent extends (external_node_https_default()).Agent {
    proxy;
    secureContext;
    constructor(proxy, secureContext) {
        super({ keepAlive: true, maxSockets: MAX_SOCKETS, ...VERIFY, ...(secureContext ? { secureContext } : {}) });
        this.proxy = proxy;
        this.secureContext = secureContext;
    }
    createConnection(options, callback) {
        const [host, port] = hostAndPort(options, 443);
        openTunnel(this.proxy, host, port, this.secureContext, (err, socket) => {
            if (err || !socket)
                return callback(err ?? new Error('no tunnel'));
            const secure = external_node_tls_default().connect({ ...options, ...VERIFY, socket, servername: options.servername || host });
            secure.once('secureConnect', () => callback(null, secure));
            secure.once('error', (e) => callback(e));
        });
        return undefined;
    }
}
function readAnswer(res) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.on('data', (chunk) => {
            size += chunk.length;
            chunks.push(chunk);
            if (size >= MAX_BODY) {
                res.destroy();
                done();
            }
        });
        res.once('end', done);
        res.once('error', reject);
    });
}
function createTransport(opts) {
    const { secureContext } = opts;
    if (opts.urls)
        checkProxies(opts.urls, opts.env);
    const direct = {
        http: new (external_node_http_default()).Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
        https: new (external_node_https_default()).Agent({
            keepAlive: true,
            maxSockets: MAX_SOCKETS,
            ...VERIFY,
            ...(secureContext ? { secureContext } : {})
        })
    };
    const tunnels = new Map();
    const agentFor = (url) => {
        const proxy = proxyFor(url.href, opts.env);
        const secure = url.protocol === 'https:';
        if (proxy === undefined)
            return secure ? direct.https : direct.http;
        const key = `${secure ? 'https' : 'http'} ${proxy}`;
        let agent = tunnels.get(key);
        if (!agent) {
            agent = secure
                ? new TunnelHttpsAgent(new URL(proxy), secureContext)
                : new TunnelHttpAgent(new URL(proxy), secureContext);
            tunnels.set(key, agent);
        }
        return agent;
    };
    return {
        send(req) {
            return new Promise((resolve, reject) => {
                const url = new URL(req.url);
                const headers = req.body === undefined
                    ? req.headers
                    : { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) };
                const secure = url.protocol === 'https:';
                const request = (secure ? (external_node_https_default()) : (external_node_http_default())).request(url, { method: req.method, headers, agent: agentFor(url), signal: req.signal, ...(secure ? VERIFY : {}) }, (res) => readAnswer(res).then(resolve, reject));
                request.once('error', reject);
                request.end(req.body);
            });
        },
        proxyOf(url) {
            return proxyFor(url, opts.env);
        },
        destroy() {
            direct.http.destroy();
            direct.https.destroy();
            for (const agent of tunnels.values())
                agent.destroy();
        }
    };
}

;// CONCATENATED MODULE: ./src/infisical/trusted-roots.ts




const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
function ignoredTlsSwitch(env) {
    if (env.NODE_TLS_REJECT_UNAUTHORIZED !== '0')
        return undefined;
    return `NODE_TLS_REJECT_UNAUTHORIZED=0 is set in the environment and is ignored: this action always verifies certificates (Node's own warning about it does not apply to its connections). Trust a private CA with ca-certificate (or the system bundle) instead, and remove the variable.`;
}
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
function pemCertificates(text) {
    return text.match(PEM_BLOCK) ?? [];
}
const MAX_BUNDLE_BYTES = 4 * 1024 * 1024;
function readOptional(path) {
    if (!path)
        return [];
    const read = regular_file_readRegularFile(path, MAX_BUNDLE_BYTES);
    return 'text' in read ? pemCertificates(read.text) : [];
}
function extraCertificates(input) {
    const text = input.includes('-----BEGIN') ? input : readCaFile(input);
    const certs = pemCertificates(text);
    if (certs.length === 0) {
        throw new ActionError('config', 'ca-certificate holds no PEM certificate (-----BEGIN CERTIFICATE-----)', {
            fix: 'give the CA certificate as PEM text or as the path of a PEM file'
        });
    }
    return certs;
}
function readCaFile(path) {
    const read = regular_file_readRegularFile(path);
    if ('text' in read)
        return read.text;
    throw new ActionError('config', `ca-certificate ${(0,log_text/* quoted */.TL)(path)} ${describeFileProblem(read.problem)}`, {
        fix: 'give the CA certificate as PEM text or as the path of a readable PEM file'
    });
}
function body(pem) {
    return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}
function tlsContext(env, caCertificate) {
    const known = new Set(external_node_tls_namespaceObject.rootCertificates.map(body));
    const extras = new Map();
    for (const pem of [
        ...readOptional(env.SSL_CERT_FILE || SYSTEM_BUNDLE),
        ...(caCertificate ? extraCertificates(caCertificate) : [])
    ]) {
        const key = body(pem);
        if (!known.has(key))
            extras.set(key, pem);
    }
    if (extras.size === 0)
        return undefined;
    for (const pem of readOptional(env.NODE_EXTRA_CA_CERTS))
        extras.set(body(pem), pem);
    const context = (0,external_node_tls_namespaceObject.createSecureContext)();
    const native = context.context;
    if (typeof native?.addCACert === 'function') {
        for (const pem of extras.values())
            native.addCACert(pem);
        return context;
    }
    return (0,external_node_tls_namespaceObject.createSecureContext)({ ca: [...external_node_tls_namespaceObject.rootCertificates, ...extras.values()] });
}

;// CONCATENATED MODULE: ./src/infisical/retry-policy.ts

const LIMITS = {
    attemptMs: 10_000,
    retryBaseMs: 250,
    roundBaseMs: 500,
    roundMaxMs: 5_000
};
const ATTEMPT_LIMIT_MS = LIMITS.attemptMs;
function jitter(base, random) {
    return Math.round(base * (0.8 + 0.4 * random));
}
function backoffMs(retry, random, limits = LIMITS) {
    return jitter(limits.retryBaseMs * 2 ** retry, random);
}
function pauseMs(retry, retryAfter, random, limits = LIMITS) {
    return retryAfter !== undefined ? retryAfter : backoffMs(retry, random, limits);
}
function roundPauseMs(round, random, limits = LIMITS) {
    return Math.min(limits.roundMaxMs, jitter(limits.roundBaseMs * 2 ** Math.min(round, 30), random));
}
function attemptLimitMs(remainingMs, limits = LIMITS) {
    return Math.max(1, Math.min(limits.attemptMs, remainingMs));
}
function transportFailureKind(cls) {
    return cls === 'tls' || cls === 'proxy-blocked' ? 'broken' : 'unavailable';
}
function answerFailureKind(status, retry) {
    if (status === 502 || status === 503 || status === 504)
        return 'unavailable';
    if (retry === 'same')
        return 'busy';
    if (retry === 'next')
        return 'broken';
    return 'final';
}
function roomAfterPause(limits = LIMITS) {
    return Math.min(limits.attemptMs, 1_000);
}
class FailoverPlan {
    urls;
    retries;
    random;
    limits;
    index = 0;
    round = 0;
    out = new Set();
    retried = new Map();
    constructor(urls, retries, random = Math.random, limits = LIMITS) {
        this.urls = urls;
        this.retries = retries;
        this.random = random;
        this.limits = limits;
        if (urls.length === 0)
            throw new Error('FailoverPlan: no URL');
    }
    first() {
        return { kind: 'try', endpoint: this.urls[0] };
    }
    after(endpoint, kind, remainingMs, retryAfterMs) {
        if (kind === 'busy') {
            if (retryAfterMs !== undefined && retryAfterMs >= remainingMs)
                return { kind: 'give-up', reason: 'retry-after', ms: retryAfterMs };
            const retry = this.retried.get(endpoint) ?? 0;
            if (retry < this.retries) {
                const ms = pauseMs(retry, retryAfterMs, this.random(), this.limits);
                if (ms + roomAfterPause(this.limits) > remainingMs)
                    return { kind: 'give-up', reason: 'deadline', ms, why: 'retry' };
                this.retried.set(endpoint, retry + 1);
                return { kind: 'wait', ms, endpoint, why: 'retry' };
            }
            this.out.add(endpoint);
        }
        else if (kind === 'broken') {
            this.out.add(endpoint);
        }
        return this.moveOn(remainingMs);
    }
    moveOn(remainingMs) {
        for (let i = this.index + 1; i < this.urls.length; i++) {
            const url = this.urls[i];
            if (!this.out.has(url)) {
                this.index = i;
                return { kind: 'try', endpoint: url };
            }
        }
        const left = this.urls.findIndex((u) => !this.out.has(u));
        if (left < 0)
            return { kind: 'give-up', reason: 'exhausted' };
        const ms = roundPauseMs(this.round, this.random(), this.limits);
        if (ms + roomAfterPause(this.limits) > remainingMs)
            return { kind: 'give-up', reason: 'deadline', ms, why: 'round' };
        this.round++;
        this.index = left;
        return { kind: 'wait', ms, endpoint: this.urls[left], why: 'round' };
    }
}
function utcTime(at) {
    return `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
function seconds(ms) {
    return String(Math.round(ms / 100) / 10);
}
function giveUpError(last, step, summary, timeoutMs, now) {
    const tried = summary ? ` (${summary})` : '';
    if (step.reason === 'retry-after') {
        const at = now + (step.ms ?? 0);
        return new ActionError(last.errorClass, `${last.what}${tried}; Infisical accepts requests again at ${utcTime(at)} (in ${seconds(step.ms ?? 0)} s), after timeout-seconds (${seconds(timeoutMs)} s) ends`, {
            ...last.details,
            fix: `run the job again after ${utcTime(at)}; if this happens often, fewer jobs at once behind one address, or a higher rate limit on the Infisical server`
        });
    }
    if (step.reason === 'deadline') {
        const next = step.why === 'round' ? 'every URL unavailable; the next try of the list' : 'the next retry';
        return new ActionError(last.errorClass, `${last.what}${tried}; ${next}, in ${seconds(step.ms ?? 0)} s, would pass timeout-seconds (${seconds(timeoutMs)} s)`, last.details);
    }
    return summary ? new ActionError(last.errorClass, `${last.what}${tried}`, last.details) : last;
}
const TEST_LIMITS_VARIABLE = 'INFISICAL_ACTION_TEST_LIMITS';
function testLimits(env) {
    const text = env[TEST_LIMITS_VARIABLE];
    if (env.NODE_ENV !== 'test' || text === undefined || text === '')
        return undefined;
    let given;
    try {
        given = JSON.parse(text);
    }
    catch {
        given = undefined;
    }
    if (typeof given !== 'object' || given === null || Array.isArray(given))
        throw new Error(`${TEST_LIMITS_VARIABLE} is not a JSON object`);
    const limits = { ...LIMITS };
    for (const [key, value] of Object.entries(given)) {
        if (!(key in LIMITS))
            throw new Error(`${TEST_LIMITS_VARIABLE}: unknown key ${key}`);
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
            throw new Error(`${TEST_LIMITS_VARIABLE}: ${key} must be a positive integer`);
        limits[key] = value;
    }
    return limits;
}

;// CONCATENATED MODULE: ./src/infisical/transport-errors.ts


const TLS_CODES = new Set([
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'CERT_HAS_EXPIRED',
    'CERT_NOT_YET_VALID',
    'CERT_REVOKED',
    'CERT_UNTRUSTED',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'ERR_TLS_HANDSHAKE_TIMEOUT',
    'EPROTO'
]);
function codeOf(e) {
    let cur = e;
    for (let i = 0; i < 4 && cur; i++) {
        const code = cur.code;
        if (typeof code === 'string')
            return code;
        cur = cur.cause;
    }
    return '';
}
function messageOf(e) {
    return e instanceof Error ? e.message : String(e);
}
function classifyTransportError(e) {
    const code = codeOf(e);
    const message = (0,log_text/* oneLine */.TN)(messageOf(e));
    if (TLS_CODES.has(code) ||
        code.startsWith('ERR_SSL') ||
        code.startsWith('ERR_TLS') ||
        /certificate|SSL routines|TLS/i.test(message)) {
        const what = code === 'ERR_TLS_CERT_ALTNAME_INVALID'
            ? `the certificate does not name this host (${message})`
            : code === 'CERT_HAS_EXPIRED'
                ? 'the certificate has expired'
                : `the certificate is not trusted or the TLS handshake failed (${code || message})`;
        return { cls: 'tls', what, sent: false };
    }
    if (code === 'ERR_PROXY_TUNNEL') {
        return { cls: 'proxy-blocked', what: `the proxy refused the tunnel (${message})`, sent: false };
    }
    switch (code) {
        case 'ECONNREFUSED':
            return { cls: 'network', what: 'connection refused', sent: false };
        case 'ENOTFOUND':
        case 'EAI_AGAIN':
        case 'EAI_NONAME':
            return { cls: 'network', what: `the host name does not resolve (DNS ${code})`, sent: false };
        case 'EHOSTUNREACH':
        case 'ENETUNREACH':
        case 'EADDRNOTAVAIL':
            return { cls: 'network', what: `the host is unreachable (${code})`, sent: false };
        case 'ETIMEDOUT':
            return { cls: 'timeout', what: 'connecting timed out', sent: false };
        case 'ECONNRESET':
        case 'EPIPE':
            return { cls: 'network', what: 'the connection was reset', sent: true };
        default:
            if (/other side closed|socket/i.test(message))
                return { cls: 'network', what: 'the connection was closed before an answer', sent: true };
            return { cls: 'network', what: `the request failed (${code || message})`, sent: true };
    }
}
function transportError(f, endpoint, where, via) {
    return new ActionError(f.cls, via ? `${f.what}, through proxy ${(0,log_text/* oneLine */.TN)(via)}` : f.what, {
        endpoint,
        ...(where.name !== undefined ? { path: where.path ?? '/', name: where.name } : {})
    });
}

;// CONCATENATED MODULE: ./src/infisical/exchange.ts



class Cancelled extends Error {
    constructor() {
        super('cancelled');
        this.name = 'Cancelled';
    }
}
function timeoutError(limitMs, where, endpoint) {
    return new ActionError('timeout', `no answer from Infisical within timeout-seconds (${limitMs / 1000} s)`, {
        ...(endpoint ? { endpoint } : {}),
        ...(where.name !== undefined ? { path: where.path ?? '/', name: where.name } : {})
    });
}
async function sendAttempt(c, endpoint, req) {
    const { deadline, transport, cancel } = c;
    if (deadline.passed)
        throw c.timedOut(endpoint);
    if (cancel?.aborted)
        throw new Cancelled();
    const limit = attemptLimitMs(deadline.remainingMs(), c.limits);
    const attemptSignal = AbortSignal.timeout(limit);
    const signal = AbortSignal.any(cancel ? [deadline.signal, attemptSignal, cancel] : [deadline.signal, attemptSignal]);
    try {
        const answer = await transport.send({ ...req, signal });
        c.sent();
        return { answer };
    }
    catch (e) {
        if (deadline.passed) {
            c.sent();
            throw c.timedOut(endpoint);
        }
        if (cancel?.aborted)
            throw new Cancelled();
        if (attemptSignal.aborted) {
            c.sent();
            return { failure: { cls: 'timeout', what: `no answer within ${Math.round(limit / 100) / 10} s`, sent: true } };
        }
        const failure = classifyTransportError(e);
        if (failure.sent)
            c.sent();
        return { failure };
    }
}

;// CONCATENATED MODULE: ./src/infisical/failover.ts
function endpointOrder(urls, preferred, dead) {
    const alive = urls.filter((u) => !dead.has(u));
    return preferred && !dead.has(preferred) ? [preferred, ...alive.filter((u) => u !== preferred)] : alive;
}
function counted(items) {
    const counts = new Map();
    for (const t of items)
        counts.set(t, (counts.get(t) ?? 0) + 1);
    return [...counts].map(([t, n]) => (n > 1 ? `${t} ×${n}` : t)).join('; ');
}
function attemptSummary(tried) {
    if (new Set(tried).size === 1)
        return `${tried.length} attempts`;
    return `${tried.length} attempts: ${counted(tried)}`;
}
function noteAttempt(record, endpoint, outcome) {
    const entry = record.get(endpoint);
    return { endpoint, outcome, count: (entry?.count ?? 0) + 1 };
}
function failoverWarnings(failed, answered, warned) {
    return [...failed]
        .filter(([endpoint]) => endpoint !== answered && !warned.has(endpoint))
        .map(([endpoint, whats]) => ({
        endpoint,
        text: `Infisical at ${endpoint} failed (${counted(whats)}); ${answered} answered instead. Check ${endpoint}, or remove it from infisical-url: every run spends time on it`
    }));
}

;// CONCATENATED MODULE: ./src/infisical/follow-plan.ts





class UrlRecord {
    endpoint;
    preferred;
    tried = new Map();
    warned = new Set();
    dead = new Set();
    lastBroken;
    note(endpoint, outcome) {
        this.tried.set(endpoint, noteAttempt(this.tried, endpoint, outcome));
    }
    broken(endpoint, error) {
        this.dead.add(endpoint);
        this.lastBroken = error;
    }
}
class RequestFailures {
    tried = [];
    byUrl = new Map();
    last;
    add(endpoint, what, error) {
        this.tried.push(`${endpoint}: ${what}`);
        this.byUrl.set(endpoint, [...(this.byUrl.get(endpoint) ?? []), what]);
        this.last = error;
    }
}
function warnFailedOver(c, record, failures, answered) {
    for (const { endpoint, text } of failoverWarnings(failures.byUrl, answered, record.warned)) {
        record.warned.add(endpoint);
        c.onFailover?.(text);
    }
}
async function pause(step, deadline, r) {
    try {
        await deadline.sleep(step.ms, r.cancel ? AbortSignal.any([deadline.signal, r.cancel]) : deadline.signal);
    }
    catch {
        if (r.cancel?.aborted)
            throw new Cancelled();
        throw timeoutError(deadline.limitMs, r.where, step.endpoint);
    }
}
async function followPlan(c, record, r) {
    const { deadline } = c;
    const order = endpointOrder(c.urls, record.preferred, record.dead);
    if (order.length === 0)
        throw record.lastBroken ?? timeoutError(deadline.limitMs, r.where);
    const plan = new FailoverPlan(order, c.retries, c.random, c.limits);
    const attempt = {
        deadline,
        transport: c.transport,
        limits: c.limits,
        sent: c.sent,
        timedOut: (endpoint) => timeoutError(deadline.limitMs, r.where, endpoint)
    };
    if (r.cancel)
        attempt.cancel = r.cancel;
    const failures = new RequestFailures();
    let step = plan.first();
    for (;;) {
        if (step.kind === 'give-up') {
            if (!failures.last)
                throw timeoutError(deadline.limitMs, r.where);
            const summary = failures.tried.length > 1 ? attemptSummary(failures.tried) : undefined;
            throw giveUpError(failures.last, step, summary, deadline.limitMs, deadline.now());
        }
        const endpoint = step.endpoint;
        if (step.kind === 'wait')
            await pause(step, deadline, r);
        const res = await sendAttempt(attempt, endpoint, r.build(endpoint));
        if ('failure' in res) {
            const via = c.transport.proxyOf(endpoint);
            const error = transportError(res.failure, endpoint, r.where, via ? displayUrl(via) : undefined);
            record.note(endpoint, res.failure.cls);
            failures.add(endpoint, res.failure.what, error);
            const kind = transportFailureKind(res.failure.cls);
            if (kind === 'broken')
                record.broken(endpoint, error);
            step = plan.after(endpoint, kind === 'final' ? 'broken' : kind, deadline.remainingMs());
            continue;
        }
        const out = r.interpret(res.answer, endpoint);
        record.note(endpoint, out.kind === 'fail' ? out.error.errorClass : 'ok');
        if (out.kind === 'again') {
            step = { kind: 'try', endpoint };
            continue;
        }
        if (out.kind === 'ok') {
            record.preferred = endpoint;
            record.endpoint = endpoint;
            warnFailedOver(c, record, failures, endpoint);
            return out.value;
        }
        const kind = answerFailureKind(res.answer.status, out.retry);
        if (kind === 'final') {
            record.endpoint = endpoint;
            warnFailedOver(c, record, failures, endpoint);
            throw out.error;
        }
        failures.add(endpoint, `HTTP ${res.answer.status}`, out.error);
        if (kind === 'broken')
            record.broken(endpoint, out.error);
        step = plan.after(endpoint, kind, deadline.remainingMs(), out.retryAfterMs);
    }
}

;// CONCATENATED MODULE: ./src/infisical/answer-body.ts


function parseJson(body) {
    try {
        return JSON.parse(body);
    }
    catch {
        return undefined;
    }
}
function infisicalError(body) {
    const json = parseJson(body);
    if (!isObject(json))
        return undefined;
    const { message, error, statusCode } = json;
    const text = typeof message === 'string' ? message : Array.isArray(message) ? JSON.stringify(message) : undefined;
    if (text === undefined || (typeof error !== 'string' && typeof statusCode !== 'number'))
        return undefined;
    return {
        message: text,
        error: typeof error === 'string' ? error : '',
        ...(typeof statusCode === 'number' ? { statusCode } : {})
    };
}
function isMissingRoute(status, body, headers = {}) {
    if (status !== 404)
        return false;
    const e = infisicalError(body);
    if (e !== undefined)
        return /^Route [A-Z]+:\S+ not found/.test(e.message);
    return /html/i.test(contentType(headers)) || /^\s*<(!doctype html|html)/i.test(body);
}
function retryAfterMs(value, now = Date.now()) {
    const v = Array.isArray(value) ? value[0] : value;
    if (v === undefined || v.trim() === '')
        return undefined;
    if (/^\d+$/.test(v.trim()))
        return Number(v.trim()) * 1000;
    const at = Date.parse(v);
    return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
function said(ctx, text, max = 200) {
    return (0,log_text/* cut */.Jj)((ctx.redact ?? ((t) => t))(text), max);
}
function saidError(ctx, e) {
    return said(ctx, `${e.error ? `${e.error}: ` : ''}${e.message}`, 300);
}
function contentType(headers) {
    return String(headers['content-type'] ?? 'no content-type').split(';')[0] ?? '';
}
function describeForeignBody(headers, body, ctx = { endpoint: '', environment: '' }) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1];
    const what = title ? `"${said(ctx, title, 80)}"` : body.trim() === '' ? 'empty body' : `"${said(ctx, body, 80)}"`;
    return `${contentType(headers)} ${what}`;
}
function describeUnknownShape(headers, body, ctx) {
    const json = parseJson(body);
    const keys = isObject(json) ? Object.keys(json) : undefined;
    const shape = keys
        ? `a JSON object with ${keys.length === 0
            ? 'no keys'
            : `the keys ${keys
                .slice(0, 6)
                .map((k) => said(ctx, k, 40))
                .join(', ')}${keys.length > 6 ? ', …' : ''}`}`
        : json === undefined
            ? `${Buffer.byteLength(body)} bytes that are not JSON`
            : `JSON that is not an object`;
    return `${contentType(headers)}: ${shape}`;
}

;// CONCATENATED MODULE: ./src/infisical/failure.ts


function fail(cls, what, ctx, status, serverMessage, retry, fix) {
    return {
        kind: 'fail',
        retry,
        error: new ActionError(cls, what, {
            endpoint: ctx.endpoint,
            ...(ctx.name !== undefined ? { path: ctx.path ?? '/', name: ctx.name } : {}),
            status,
            serverMessage,
            ...(fix ? { fix } : {})
        })
    };
}
function notInfisical(what, answer, ctx) {
    return fail('proxy-blocked', what, ctx, answer.status, describeUnknownShape(answer.headers, answer.body, ctx), 'next');
}
function permissionFix(ctx) {
    return `grant the machine identity read access on ${ctx.path ?? '/'} in environment ${ctx.environment} (a project role or additional privilege with read on secrets for that path)`;
}
function environmentHint(environment) {
    return `check that environment ${environment} exists in the project (environment slugs are short, e.g. prod)`;
}

;// CONCATENATED MODULE: ./src/infisical/refusals.ts


const WORDING = {
    maxAge: /exceeded max age/i,
    tokenExpired: /TTL expir|token has expired|jwt expired/i,
    clientSecretExpired: /expired client secret/i,
    clientSecretUses: /client secret usage limit/i,
    locked: /temporarily locked/i,
    ip: /IP address/i,
    notInProject: /identity not in project|not (a )?member of (this|the|the specified) project/i,
    notInOrganization: /not a member of the organization|does not belong to (this|your selected) organization/i,
    valueLevel: /secret values?\b|view secret|referenced by/i
};
const PERMISSION_ERRORS = new Set(['PermissionDenied', 'ForbiddenError', 'ForbiddenReadSecretError']);
function notInProject(ctx, status, msg, organization) {
    return organization
        ? fail('not-in-project', 'the machine identity is not a member of the organization that holds this project', ctx, status, msg, 'never', 'add the machine identity to the organization of the project and to the project (or correct project-id: this project belongs to another organization)')
        : fail('not-in-project', 'the machine identity is not a member of this project', ctx, status, msg, 'never');
}
const LOGIN_REFUSALS = [
    {
        wording: WORDING.clientSecretExpired,
        reason: 'the client secret has expired',
        fix: 'create a new client secret for the Universal Auth method of the machine identity and update client-secret (the access token is not the problem)'
    },
    {
        wording: WORDING.clientSecretUses,
        reason: 'the client secret reached its usage limit',
        fix: 'create a new client secret (or one without a usage limit) for the Universal Auth method and update client-secret'
    },
    {
        wording: WORDING.locked,
        reason: 'the method is locked after failed logins',
        fix: 'check client-id and client-secret, then run again after about 5 minutes (Infisical locks the method after 3 failed logins)'
    }
];
function loginRefused(e, ctx, status, msg) {
    const known = LOGIN_REFUSALS.find((r) => r.wording.test(e.message));
    if (known) {
        return fail('auth-invalid', `Universal Auth login was refused: ${known.reason}`, ctx, status, msg, 'never', known.fix);
    }
    return fail('auth-invalid', 'Universal Auth login was refused (client-id or client-secret)', ctx, status, msg, 'never', 'check client-id and client-secret of the Universal Auth method, whether the client secret expired, and whether the method is locked');
}
function classifyInfisical(e, ctx, status) {
    const login = ctx.name === undefined && ctx.folder !== true;
    const msg = saidError(ctx, e);
    const words = `${e.error} ${e.message}`;
    if (WORDING.ip.test(e.message) && (status === 401 || status === 403)) {
        return fail('ip-not-allowed', "the runner's IP address is not among the identity's trusted IPs", ctx, status, msg, 'never');
    }
    if (WORDING.notInProject.test(words))
        return notInProject(ctx, status, msg, false);
    if (WORDING.notInOrganization.test(e.message))
        return notInProject(ctx, status, msg, true);
    if (login && (status === 401 || status === 403 || e.error === 'UnauthorizedError'))
        return loginRefused(e, ctx, status, msg);
    if (WORDING.maxAge.test(e.message)) {
        return fail('token-expired', "the access token is older than the server's maximum token age (Infisical refuses tokens without an expiry date after its cut-off)", ctx, status, msg, 'never', 'install a new Token Auth access token, which carries its expiry: scripts/install-token-file --force on the runner host (or update the token secret); watch token-expires-at');
    }
    if (e.error === 'TokenError' || (e.error === 'UnauthorizedError' && status === 403)) {
        if (WORDING.tokenExpired.test(e.message))
            return fail('token-expired', 'the access token has expired', ctx, status, msg, 'never');
        if (e.error === 'TokenError') {
            return fail('auth-invalid', 'the access token is malformed or its signature is invalid (a token of another Infisical instance?)', ctx, status, msg, 'never', 'install a Token Auth access token issued by this Infisical instance');
        }
    }
    if (PERMISSION_ERRORS.has(e.error) && (status === 401 || status === 403))
        return permissionDenied(e, ctx, status, msg);
    if (status === 401 || e.error === 'UnauthorizedError') {
        if (WORDING.tokenExpired.test(e.message))
            return fail('token-expired', 'the access token has expired on the server', ctx, status, msg, 'never');
        return fail('auth-invalid', 'the access token was refused: missing, revoked, unknown, or out of uses', ctx, status, msg, 'never');
    }
    if (status === 403)
        return permissionDenied(e, ctx, status, msg);
    if (status === 404) {
        if (login)
            return fail('not-found', 'Universal Auth login route not found', ctx, status, msg, 'never');
        const envHint = !/^(Secret|Project) with /i.test(e.message);
        return fail('not-found', 'Infisical has no such secret, folder, environment or project', ctx, status, msg, 'never', envHint ? `check project-id, the folder path and the secret name; ${environmentHint(ctx.environment)}` : undefined);
    }
    if (status === 400 || status === 422)
        return fail('bad-request', 'Infisical rejected the request', ctx, status, msg, 'never');
    return fail('bad-request', `Infisical answered with an unexpected status`, ctx, status, msg, 'never');
}
function permissionDenied(e, ctx, status, msg) {
    const envHint = e.error !== 'ForbiddenReadSecretError' && !WORDING.valueLevel.test(e.message);
    return fail('permission-denied', 'the machine identity may not read this secret', ctx, status, msg, 'never', envHint ? `${permissionFix(ctx)}; ${environmentHint(ctx.environment)}` : permissionFix(ctx));
}

;// CONCATENATED MODULE: ./src/infisical/error-answers.ts




function classifyFailure(answer, ctx) {
    const { status } = answer;
    const e = infisicalError(answer.body);
    if (status === 429 || status >= 500) {
        const cls = status === 429 ? 'rate-limited' : 'server-error';
        const text = e
            ? said(ctx, e.message)
            : `not Infisical's answer: ${describeForeignBody(answer.headers, answer.body, ctx)}`;
        const after = retryAfterMs(answer.headers['retry-after']);
        const f = fail(cls, status === 429 ? 'Infisical is rate limiting this client' : 'Infisical answered with a server error', ctx, status, text, 'same');
        return after === undefined ? f : { ...f, retryAfterMs: after };
    }
    if (status >= 300 && status < 400) {
        const location = String(answer.headers.location ?? '');
        return fail('proxy-blocked', `the URL answered with a redirect${location ? ` to ${said(ctx, location.split('?')[0] ?? '', 120)}` : ''}, not with Infisical's API`, ctx, status, '', 'next', 'give the base URL Infisical itself answers on as infisical-url (the https:// one, without a path the proxy rewrites)');
    }
    if (!e) {
        return fail('proxy-blocked', `the answer did not come from Infisical (${describeForeignBody(answer.headers, answer.body, ctx)}): something in front of it answered`, ctx, status, '', 'next', FIXES['proxy-blocked']);
    }
    return classifyInfisical(e, ctx, status);
}

;// CONCATENATED MODULE: ./src/infisical/login-answer.ts




function interpretLoginAnswer(answer, ctx) {
    if (answer.status < 200 || answer.status >= 300)
        return classifyFailure(answer, ctx);
    const json = parseJson(answer.body);
    if (!isObject(json) || typeof json.accessToken !== 'string' || json.accessToken === '') {
        return notInfisical("the login answer was not Infisical's", answer, ctx);
    }
    return { kind: 'ok', accessToken: json.accessToken };
}

;// CONCATENATED MODULE: ./src/infisical/oidc-login.ts






const OIDC_WORDING = {
    notConfigured: /OIDC auth method not found/i,
    discovery: /discovery document|Failed to retrieve signing keys?|Failed to fetch/i,
    issuer: /issuer invalid/i,
    expired: /jwt expired|token has expired/i,
    signature: /signature|malformed|invalid token|invalid jwt|signing key '[^']*' was not found/i,
    subject: /subject not allowed/i,
    audience: /audience not allowed/i,
    claim: /claim not allowed|token has no .+ field/i,
    localIp: /Local IPs not allowed/i,
    noRoute: /^Route [A-Z]+:\S+ not found/
};
function refused(ctx, status, serverMessage, what, compare) {
    const error = new ActionError('auth-invalid', `Infisical refused the OIDC login of machine identity ${ctx.identityId}: ${what}; the ID token says ${describeClaims(ctx.claims)}`, {
        endpoint: ctx.endpoint,
        status,
        serverMessage,
        fix: compare
    });
    return { kind: 'fail', error, retry: 'never' };
}
const REFUSED = [401, 403];
const OIDC_REFUSALS = [
    {
        statuses: [404],
        test: (e) => OIDC_WORDING.notConfigured.test(e.message),
        what: 'the identity has no OIDC Auth method (or no such identity)',
        compare: ({ settings, iss }) => `check identity-id, and add OIDC Auth to the machine identity (${settings}) with discovery URL and issuer ${iss}`
    },
    {
        statuses: REFUSED,
        test: (e) => OIDC_WORDING.subject.test(e.message),
        what: 'the subject is not allowed',
        compare: ({ settings }) => `compare sub with the identity's Subject (${settings}); a glob such as repo:platform/platform:ref:refs/heads/* needs Infisical from 2024-09`
    },
    {
        statuses: REFUSED,
        test: (e) => OIDC_WORDING.audience.test(e.message),
        what: 'the audience is not allowed',
        compare: ({ settings }) => `compare aud with the identity's Audiences (${settings}), or request the ID token for one of them with oidc-audience`
    },
    {
        statuses: REFUSED,
        test: (e) => OIDC_WORDING.claim.test(e.message),
        what: 'a bound claim is missing or does not match',
        compare: ({ settings }) => `compare the ID token's claims with the identity's Claims (${settings}); Forgejo's claims include repository, ref, workflow (the file name) and event_name, and ref_protected is always false`
    },
    {
        statuses: REFUSED,
        test: (e) => OIDC_WORDING.issuer.test(e.message),
        what: 'the issuer does not match',
        compare: ({ settings, iss }) => `set the identity's Issuer to exactly ${iss} (${settings})`
    },
    {
        statuses: REFUSED,
        test: (e) => OIDC_WORDING.expired.test(e.message),
        what: 'the ID token had expired when Infisical checked it',
        compare: () => 'check that the clocks of the CI server and of Infisical are right (NTP); the ID token was requested just before the login'
    },
    {
        statuses: REFUSED,
        test: (e) => OIDC_WORDING.signature.test(e.message) || e.error === 'TokenError',
        what: "the ID token's signature could not be verified with the issuer's keys",
        compare: ({ settings, iss }) => `check that the identity's discovery URL is the CI server's (${iss}), not another instance's (${settings})`
    },
    {
        statuses: REFUSED,
        test: (e) => OIDC_WORDING.discovery.test(e.message),
        what: "Infisical could not fetch the issuer's discovery document or keys",
        compare: ({ settings, iss }) => `Infisical itself must reach ${iss}/.well-known/openid-configuration and the keys it names; check the identity's discovery URL and, for a private CA, its CA certificate (${settings})`
    },
    {
        statuses: REFUSED,
        test: (e) => !WORDING.ip.test(e.message),
        what: 'the login was refused',
        compare: ({ settings }) => `compare the ID token's claims with the identity's OIDC Auth settings (${settings})`
    }
];
function notOidcReady(status, e, ctx, msg, where) {
    if (status === 404 && OIDC_WORDING.noRoute.test(e.message)) {
        return new ActionError('not-found', 'this Infisical has no OIDC Auth login route (OIDC Auth came in mid-2024)', {
            endpoint: ctx.endpoint,
            status,
            serverMessage: msg,
            fix: 'upgrade Infisical, or use auth-method token or universal'
        });
    }
    if (status === 400 && OIDC_WORDING.localIp.test(e.message)) {
        return new ActionError('bad-request', 'Infisical refuses to fetch the OIDC discovery document from a private address', {
            endpoint: ctx.endpoint,
            status,
            serverMessage: msg,
            fix: `a self-hosted Infisical reaches an issuer on a private address only with ALLOW_INTERNAL_IP_CONNECTIONS=true in its environment (the issuer is ${where.iss})`
        });
    }
    return undefined;
}
function withDiscoveryHint(read, iss) {
    if (read.error.errorClass !== 'server-error')
        return read;
    const hint = `Infisical answered with a server error to the OIDC login; before 2026 it does so when it cannot fetch ${iss}/.well-known/openid-configuration or the keys it names, or finds no key for the ID token's kid: check that Infisical reaches the CI server, and the identity's discovery URL`;
    return { ...read, error: new ActionError('server-error', read.error.what, { ...read.error.details, fix: hint }) };
}
function interpretOidcLoginAnswer(answer, ctx) {
    const { status } = answer;
    if (status >= 200 && status < 300)
        return interpretLoginAnswer(answer, ctx);
    const e = infisicalError(answer.body);
    if (!e)
        return classifyFailure(answer, ctx);
    const msg = saidError(ctx, e);
    const where = {
        settings: `in Infisical, Access Control > Machine Identities > ${ctx.identityId} > Authentication > OIDC Auth`,
        iss: ctx.claims.iss ?? '(the issuer)'
    };
    const error = notOidcReady(status, e, ctx, msg, where);
    if (error)
        return { kind: 'fail', error, retry: 'never' };
    const refusal = OIDC_REFUSALS.find((r) => r.statuses.includes(status) && r.test(e));
    if (refusal)
        return refused(ctx, status, msg, refusal.what, refusal.compare(where));
    return withDiscoveryHint(classifyFailure(answer, ctx), where.iss);
}

;// CONCATENATED MODULE: ./src/infisical/read-routes.ts

function query(o, api, path) {
    return new URLSearchParams({
        [api === 'v3' ? 'workspaceId' : 'projectId']: o.projectId,
        environment: o.environment,
        secretPath: path,
        type: 'shared',
        viewSecretValue: 'true',
        expandSecretReferences: 'true',
        include_imports: o.includeImports ? 'true' : 'false'
    });
}
function route(api) {
    return api === 'v3' ? 'api/v3/secrets/raw' : 'api/v4/secrets';
}
function secretUrl(o, api, endpoint, path, name) {
    return `${endpoint}/${route(api)}/${encodeURIComponent(name)}?${query(o, api, path).toString()}`;
}
function folderUrl(o, api, endpoint, path) {
    const q = query(o, api, path);
    q.set('recursive', 'false');
    return `${endpoint}/${route(api)}?${q.toString()}`;
}
function afterMissingRoute(api, details) {
    if (api !== 'v3')
        return { kind: 'again' };
    return {
        kind: 'fail',
        retry: 'next',
        error: new ActionError('proxy-blocked', 'the server has neither the v4 nor the v3 secrets route: it is not Infisical', details)
    };
}

;// CONCATENATED MODULE: ./src/infisical/secret-answers.ts




function interpretSecretAnswer(answer, ctx) {
    if (isMissingRoute(answer.status, answer.body, answer.headers))
        return { kind: 'route-missing' };
    if (answer.status < 200 || answer.status >= 300)
        return classifyFailure(answer, ctx);
    const json = parseJson(answer.body);
    const secret = isObject(json) ? json.secret : undefined;
    if (!isObject(secret) || typeof secret.secretValue !== 'string') {
        return notInfisical('the answer was not a secret from Infisical', answer, ctx);
    }
    if (secret.secretValueHidden === true) {
        return fail('permission-denied', 'Infisical hid the value (secretValueHidden): the machine identity may see the secret but not its value', ctx, answer.status, 'secretValueHidden: true', 'never', permissionFix(ctx).replace('read access', 'read access to secret values'));
    }
    return {
        kind: 'ok',
        secret: { value: secret.secretValue, version: typeof secret.version === 'number' ? secret.version : null }
    };
}
function secretsOf(list) {
    return Array.isArray(list) && list.every(isObject) ? list : undefined;
}
function interpretFolderAnswer(answer, ctx, wanted, includeImports) {
    if (isMissingRoute(answer.status, answer.body, answer.headers))
        return { kind: 'route-missing' };
    if (answer.status < 200 || answer.status >= 300)
        return classifyFailure(answer, { ...ctx, folder: true });
    const json = parseJson(answer.body);
    const own = isObject(json) ? secretsOf(json.secrets) : undefined;
    const imports = isObject(json)
        ? json.imports === undefined
            ? []
            : Array.isArray(json.imports)
                ? json.imports
                : undefined
        : undefined;
    if (!own || !imports) {
        return notInfisical("the answer was not a folder's secrets from Infisical", answer, ctx);
    }
    const names = new Set(wanted);
    const found = new Map();
    const take = (list) => {
        for (const s of list) {
            const key = s.secretKey;
            if (typeof key !== 'string' || !names.has(key) || found.has(key))
                continue;
            if (typeof s.secretValue !== 'string' || s.secretValueHidden === true)
                continue;
            found.set(key, { value: s.secretValue, version: typeof s.version === 'number' ? s.version : null });
        }
    };
    take(own);
    if (includeImports) {
        for (const imp of [...imports].reverse()) {
            const list = isObject(imp) ? secretsOf(imp.secrets) : undefined;
            if (list)
                take(list);
        }
    }
    return { kind: 'ok', found };
}

;// CONCATENATED MODULE: ./src/infisical/client.ts






class InfisicalClient {
    opts;
    requests = 0;
    api = new Map();
    record = new UrlRecord();
    plan;
    constructor(opts) {
        this.opts = opts;
        this.plan = {
            urls: opts.urls,
            retries: opts.retries,
            random: opts.random ?? Math.random,
            limits: opts.limits ?? LIMITS,
            deadline: opts.deadline,
            transport: opts.transport,
            sent: () => {
                this.requests++;
            },
            ...(opts.onFailover ? { onFailover: opts.onFailover } : {})
        };
    }
    get endpoint() {
        return this.record.endpoint;
    }
    async loginUniversal(clientId, clientSecret) {
        return this.login('universal-auth', { clientId, clientSecret }, (answer, ctx) => interpretLoginAnswer(answer, ctx));
    }
    async loginOidc(identityId, jwt, claims) {
        return this.login('oidc-auth', { identityId, jwt }, (answer, ctx) => interpretOidcLoginAnswer(answer, { ...ctx, identityId, claims }));
    }
    async login(method, body, interpret) {
        return this.exchange({}, (endpoint) => ({
            method: 'POST',
            url: `${endpoint}/api/v1/auth/${method}/login`,
            headers: { ...this.headers(), 'content-type': 'application/json' },
            body: JSON.stringify(body)
        }), (answer, endpoint) => {
            const out = interpret(answer, this.context(endpoint));
            return out.kind === 'ok' ? { kind: 'ok', value: out.accessToken } : out;
        });
    }
    async readSecret(token, path, name, cancel) {
        return this.exchange({ path, name }, (endpoint) => ({
            method: 'GET',
            url: secretUrl(this.opts, this.apiOf(endpoint), endpoint, path, name),
            headers: { ...this.headers(), authorization: `Bearer ${token}` }
        }), (answer, endpoint) => {
            const out = interpretSecretAnswer(answer, this.context(endpoint, { path, name }));
            if (out.kind === 'route-missing')
                return this.missingRoute(endpoint, { endpoint, path, name, status: answer.status });
            return out.kind === 'ok' ? { kind: 'ok', value: out.secret } : out;
        }, cancel);
    }
    async readFolder(token, path, names, cancel) {
        return this.exchange({ path }, (endpoint) => ({
            method: 'GET',
            url: folderUrl(this.opts, this.apiOf(endpoint), endpoint, path),
            headers: { ...this.headers(), authorization: `Bearer ${token}` }
        }), (answer, endpoint) => {
            const out = interpretFolderAnswer(answer, this.context(endpoint, { path, folder: true }), names, this.opts.includeImports);
            if (out.kind === 'route-missing')
                return this.missingRoute(endpoint, { endpoint, path, status: answer.status });
            return out.kind === 'ok' ? { kind: 'ok', value: out.found } : out;
        }, cancel);
    }
    missingRoute(endpoint, details) {
        const next = afterMissingRoute(this.apiOf(endpoint), details);
        if (next.kind === 'again')
            this.api.set(endpoint, 'v3');
        return next;
    }
    context(endpoint, about = {}) {
        return {
            endpoint,
            environment: this.opts.environment,
            ...about,
            ...(this.opts.redact ? { redact: this.opts.redact } : {})
        };
    }
    apiOf(endpoint) {
        return this.api.get(endpoint) ?? 'v4';
    }
    headers() {
        return { accept: 'application/json', 'user-agent': this.opts.userAgent };
    }
    attempts() {
        return [...this.record.tried.values()].map((a) => ({ ...a }));
    }
    async exchange(where, build, interpret, cancel) {
        return followPlan(this.plan, this.record, { where, build, interpret, ...(cancel ? { cancel } : {}) });
    }
}

;// CONCATENATED MODULE: ./src/connection.ts





const USER_AGENT = 'infisical-forgejo-action/1';
function connect(plan, env, deadline) {
    const urls = plan.auth.method === 'oidc' ? [...plan.urls, plan.auth.request.url] : plan.urls;
    const https = urls.some((u) => u.startsWith('https:'));
    const secureContext = https ? tlsContext(env, plan.caCertificate) : undefined;
    const tlsSwitch = ignoredTlsSwitch(env);
    if (tlsSwitch)
        workflow_commands/* warning */.$e(tlsSwitch);
    const transport = createTransport({ env, urls, ...(secureContext ? { secureContext } : {}) });
    const limits = testLimits(env);
    if (limits)
        workflow_commands/* info */.pq(`Test limits in effect (NODE_ENV=test): ${JSON.stringify(limits)}`);
    const client = new InfisicalClient({
        urls: plan.urls,
        retries: plan.retries,
        deadline,
        transport,
        projectId: plan.projectId,
        environment: plan.environment,
        includeImports: plan.includeImports,
        userAgent: USER_AGENT,
        ...(limits ? { limits } : {}),
        onFailover: (text) => workflow_commands/* warning */.$e(text),
        redact: (text) => workflow_commands/* sensitive */.LS.redact(text)
    });
    return { client, transport, deadline, ...(limits ? { limits } : {}) };
}

;// CONCATENATED MODULE: ./src/token-claims.ts


const BEARER = /^bearer[ \t]+/i;
const NAMED_SPACE = {
    '\n': 'a line break',
    '\r': 'a carriage return',
    '\t': 'a tab',
    ' ': 'a space',
    '\u00a0': 'a no-break space'
};
function characterProblem(c) {
    if (/\s/.test(c))
        return NAMED_SPACE[c] ?? 'white space';
    if (/[\u0000-\u001f\u007f-\u009f]/.test(c))
        return 'a control character';
    if (c.codePointAt(0) > 0xff)
        return 'a character outside Latin-1';
    return undefined;
}
function cleanToken(given, origin) {
    const fromFile = origin.input === 'token-file';
    const named = fromFile ? `token-file ${(0,log_text/* quoted */.TL)(origin.path)}` : 'token';
    const text = given.trim();
    const prefix = BEARER.exec(text)?.[0] ?? '';
    const token = text.slice(prefix.length);
    let position = [...prefix].length;
    for (const c of token) {
        position++;
        const problem = characterProblem(c);
        if (problem === undefined)
            continue;
        throw new ActionError(fromFile ? 'token-file' : 'config', `${named} holds ${problem} at character ${position} (counted after surrounding white space): an access token is one word of printable characters; no request was sent`, {
            fix: `put the Token Auth access token alone ${fromFile ? 'in the file, on one line (e.g. with scripts/install-token-file)' : 'in the token input, on one line'}`
        });
    }
    if (prefix === '')
        return { token };
    return {
        token,
        notice: `${named} starts with a "Bearer " prefix, which was dropped (the action adds it to each request itself): give the token alone`
    };
}
function readTokenClaims(token) {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[1] === undefined)
        return {};
    let payload;
    try {
        payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    }
    catch {
        return {};
    }
    if (typeof payload !== 'object' || payload === null)
        return {};
    const p = payload;
    const claims = {};
    if (typeof p.identityId === 'string' && p.identityId !== '')
        claims.identityId = p.identityId;
    if (typeof p.exp === 'number' && Number.isFinite(p.exp))
        claims.expiresAt = new Date(p.exp * 1000);
    return claims;
}
const token_claims_DAY_MS = 86_400_000;
function checkToken(claims, expected, now) {
    if (expected.identityId && claims.identityId && claims.identityId !== expected.identityId) {
        throw new ActionError('config', `the token belongs to machine identity ${(0,log_text/* oneLine */.TN)(claims.identityId)}, not to identity-id ${(0,log_text/* oneLine */.TN)(expected.identityId)}`, { fix: 'install the token of the expected identity, or correct identity-id' });
    }
    const result = {};
    const identityId = expected.identityId ?? claims.identityId;
    if (identityId)
        result.identityId = identityId;
    if (claims.expiresAt) {
        result.expiresAt = claims.expiresAt;
        const day = claims.expiresAt.toISOString().slice(0, 10);
        if (claims.expiresAt.getTime() <= now.getTime()) {
            throw new ActionError('token-expired', `the access token expired on ${day} (${claims.expiresAt.toISOString()}); no request was sent`);
        }
        const left = claims.expiresAt.getTime() - now.getTime();
        if (left <= expected.warningDays * token_claims_DAY_MS) {
            const days = Math.floor(left / token_claims_DAY_MS);
            result.warning = `The Infisical access token expires on ${day} (in ${days === 0 ? 'less than a day' : `${days} day${days === 1 ? '' : 's'}`}): issue a new one and install it before then`;
        }
    }
    return result;
}

;// CONCATENATED MODULE: ./src/id-token-answer.ts





const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const REFUSED_FIX = "the CI server refused the job's request token: check that the job has `enable-openid-connect: true` (Forgejo) or `permissions: id-token: write` (GitHub), and that the step runs while the job does (the request token ends with the job)";
function interpretIdTokenAnswer(answer, endpoint, redact = (t) => t) {
    const { status } = answer;
    const e = infisicalError(answer.body);
    const said = e ? (0,log_text/* cut */.Jj)(redact(e.message), 200) : describeForeignBody(answer.headers, redact(answer.body));
    const fail = (cls, what, retry, fix) => ({
        kind: 'fail',
        retry,
        error: new ActionError(cls, what, { endpoint, status, serverMessage: said, ...(fix ? { fix } : {}) })
    });
    if (status >= 200 && status < 300) {
        const json = parseJson(answer.body);
        const value = isObject(json) ? json.value : undefined;
        if (typeof value === 'string' && JWT.test(value))
            return { kind: 'ok', jwt: value };
        return {
            kind: 'fail',
            retry: 'next',
            error: new ActionError('proxy-blocked', 'the CI server\'s answer to the ID-token request held no ID token (expected { "value": "<jwt>" })', {
                endpoint,
                status,
                fix: `check that ${REQUEST_URL_VARIABLE} reaches Forgejo (or GitHub) itself, not a proxy page`
            })
        };
    }
    if (status === 429 || status >= 500) {
        const f = fail(status === 429 ? 'rate-limited' : 'server-error', `the CI server answered the ID-token request with ${status === 429 ? 'a rate limit' : 'a server error'}`, 'same', 'check the health of the CI server (Forgejo), then run the job again');
        const after = retryAfterMs(answer.headers['retry-after']);
        return after === undefined ? f : { ...f, retryAfterMs: after };
    }
    if (status === 401 || status === 403)
        return fail('auth-invalid', "the CI server refused the request for the job's ID token", 'never', REFUSED_FIX);
    if (status === 404) {
        return fail('config', 'the CI server has no ID token for this job at this URL', 'never', 'on Forgejo, ID tokens need Forgejo 15 or later and a runner 12.5 or later, and `enable-openid-connect: true` on the job');
    }
    return fail('server-error', 'the CI server answered the ID-token request with an unexpected status', 'never', 'check the CI server (Forgejo) and its logs');
}

;// CONCATENATED MODULE: ./src/id-token-request.ts







async function requestIdToken(o) {
    const endpoint = idTokenEndpoint(o.request.url);
    const limits = o.limits ?? LIMITS;
    const plan = new FailoverPlan([endpoint], o.retries, o.random ?? Math.random, limits);
    const timeout = () => new ActionError('timeout', `no ID token from the CI server within timeout-seconds (${o.deadline.limitMs / 1000} s)`, { endpoint, fix: 'check that the CI server (Forgejo) answers, or raise timeout-seconds' });
    const attempt = {
        deadline: o.deadline,
        transport: o.transport,
        limits,
        sent: () => { },
        timedOut: timeout
    };
    let last;
    let step = plan.first();
    for (;;) {
        if (step.kind === 'give-up')
            throw last ? giveUpError(last, step, undefined, o.deadline.limitMs, o.deadline.now()) : timeout();
        if (step.kind === 'wait') {
            try {
                await o.deadline.sleep(step.ms, o.deadline.signal);
            }
            catch {
                throw timeout();
            }
        }
        const res = await sendAttempt(attempt, endpoint, {
            method: 'GET',
            url: o.request.url,
            headers: { accept: 'application/json', 'user-agent': o.userAgent, authorization: `Bearer ${o.request.token}` }
        });
        if ('failure' in res) {
            const { failure } = res;
            const via = o.transport.proxyOf(o.request.url);
            last = new ActionError(failure.cls, `the job's ID token could not be requested from the CI server: ${failure.what}${via ? `, through proxy ${(0,log_text/* oneLine */.TN)(displayUrl(via))}` : ''}`, {
                endpoint,
                fix: failure.cls === 'tls'
                    ? "the CI server's certificate was not accepted: give its CA with ca-certificate (or install it in the system bundle)"
                    : 'check that the CI server (Forgejo) is reachable from the runner host'
            });
            const kind = transportFailureKind(failure.cls);
            step = plan.after(endpoint, kind === 'final' ? 'broken' : kind, o.deadline.remainingMs());
            continue;
        }
        const { answer } = res;
        const out = interpretIdTokenAnswer(answer, endpoint, o.redact);
        if (out.kind === 'ok')
            return out.jwt;
        const kind = answerFailureKind(answer.status, out.retry);
        if (kind === 'final')
            throw out.error;
        last = out.error;
        step = plan.after(endpoint, kind, o.deadline.remainingMs(), out.retryAfterMs);
    }
}

;// CONCATENATED MODULE: ./src/credentials.ts








const credentials_SOURCES = {
    token: 'infisical-token-auth',
    universal: 'infisical-universal-auth',
    oidc: 'infisical-oidc-auth'
};
function credentials_sourceOf(plan) {
    return credentials_SOURCES[plan.auth.method];
}
function describeAuth(plan) {
    if (plan.auth.method === 'universal')
        return 'Universal Auth';
    if (plan.auth.method === 'oidc')
        return `OIDC Auth (identity ${plan.auth.identityId}, the job's ID token from ${idTokenEndpoint(plan.auth.request.url)})`;
    return plan.auth.tokenFile !== undefined
        ? `Token Auth (token file ${plan.auth.tokenFile})`
        : 'Token Auth (token input)';
}
function obtainToken(auth, uid, masker) {
    const file = auth.tokenFile;
    const given = file !== undefined ? readTokenFile(file, { uid }) : auth.token;
    workflow_commands/* sensitive */.LS.add(given);
    const { token, notice } = cleanToken(given, file !== undefined ? { input: 'token-file', path: file } : { input: 'token' });
    maskOrFail(masker, [token], [file !== undefined ? 'the token in token-file' : 'the token input'], file !== undefined ? 'token-file' : 'config');
    if (notice)
        workflow_commands/* info */.pq(notice);
    return token;
}
function givenCredentials(plan, rt, masker) {
    if (plan.auth.method !== 'token')
        return plan.identityId ? { identity: { identityId: plan.identityId } } : {};
    const bearer = obtainToken(plan.auth, rt.uid, masker);
    const identity = checkToken(readTokenClaims(bearer), { ...(plan.identityId ? { identityId: plan.identityId } : {}), warningDays: plan.tokenExpiryWarningDays }, rt.now());
    if (identity.warning)
        workflow_commands/* warning */.$e(identity.warning);
    return { bearer, identity };
}
async function loginWithIdToken(auth, plan, masker, c) {
    workflow_commands/* sensitive */.LS.add(auth.request.token);
    maskOrFail(masker, [auth.request.token], ['the ID-token request token'], 'config');
    const jwt = await requestIdToken({
        request: auth.request,
        transport: c.transport,
        deadline: c.deadline,
        retries: plan.retries,
        userAgent: USER_AGENT,
        ...(c.limits ? { limits: c.limits } : {}),
        redact: (text) => workflow_commands/* sensitive */.LS.redact(text)
    });
    workflow_commands/* sensitive */.LS.add(jwt);
    maskOrFail(masker, [jwt], ["the job's ID token"], 'config');
    const claims = idTokenClaims(jwt);
    workflow_commands/* info */.pq(`OIDC: the job's ID token has ${describeClaims(claims)}${claims.exp ? `, valid until ${claims.exp.toISOString()}` : ''}`);
    return c.client.loginOidc(auth.identityId, jwt, claims);
}
async function signIn(plan, given, masker, c) {
    const auth = plan.auth;
    if (auth.method === 'token')
        return { bearer: given.bearer, ...(given.identity ? { identity: given.identity } : {}) };
    const universal = auth.method === 'universal';
    const accessToken = universal
        ? await c.client.loginUniversal(auth.clientId, auth.clientSecret)
        : await loginWithIdToken(auth, plan, masker, c);
    maskOrFail(masker, [accessToken], [`the ${universal ? 'Universal' : 'OIDC'} Auth access token`], 'config');
    const claims = readTokenClaims(accessToken);
    if (plan.identityId && claims.identityId && claims.identityId !== plan.identityId) {
        const whose = universal
            ? `client-id belongs to machine identity ${claims.identityId}, not to`
            : `the OIDC login gave a token of machine identity ${claims.identityId}, not of`;
        throw new ActionError('config', `${whose} identity-id ${plan.identityId}; no secret was read`, {
            fix: universal
                ? 'use the Universal Auth client of the expected identity, or correct identity-id'
                : 'correct identity-id'
        });
    }
    const identityId = given.identity?.identityId ?? claims.identityId;
    return {
        bearer: accessToken,
        ...(given.identity ? { identity: given.identity } : identityId ? { identity: { identityId } } : {})
    };
}

;// CONCATENATED MODULE: ./src/infisical/read-all.ts


const MAX_IN_FLIGHT = 8;
function refKey(ref) {
    return `${ref.path}\u0000${ref.name}`;
}
function distinctRefs(refs) {
    const seen = new Set();
    return refs.filter((r) => {
        const k = refKey(r);
        if (seen.has(k))
            return false;
        seen.add(k);
        return true;
    });
}
function planReads(refs, lists) {
    const byFolder = new Map();
    for (const r of distinctRefs(refs))
        byFolder.set(r.path, [...(byFolder.get(r.path) ?? []), r]);
    const units = [];
    for (const [path, folderRefs] of byFolder) {
        if (lists && folderRefs.length >= 2)
            units.push({ kind: 'folder', path, refs: folderRefs });
        else
            units.push(...folderRefs.map((ref) => ({ kind: 'one', ref })));
    }
    return units;
}
function listRefused(error) {
    return isActionError(error) && error.errorClass === 'permission-denied';
}
function drain(queue, maxInFlight, run, stop) {
    let failure;
    return new Promise((done) => {
        let active = 0;
        const pump = () => {
            while (!failure && active < maxInFlight && queue.length > 0) {
                const u = queue.shift();
                active++;
                run(u)
                    .catch((e) => {
                    if (e instanceof Cancelled || failure)
                        return;
                    failure = { error: e };
                    stop();
                })
                    .finally(() => {
                    active--;
                    pump();
                });
            }
            if (active === 0 && (failure || queue.length === 0))
                done(failure);
        };
        pump();
    });
}
async function readAll(refs, readOne, onRead, opts = {}) {
    const maxInFlight = opts.maxInFlight ?? MAX_IN_FLIGHT;
    const values = new Map();
    const failed = new Map();
    const distinct = distinctRefs(refs);
    const cancel = new AbortController();
    const queue = planReads(distinct, opts.readFolder !== undefined);
    const keep = (ref, e) => {
        if (e instanceof Cancelled || !opts.keepGoing?.(e))
            return false;
        failed.set(refKey(ref), e);
        return true;
    };
    const one = async (ref) => {
        try {
            const secret = await readOne(ref, cancel.signal);
            onRead(ref, secret);
            values.set(refKey(ref), secret);
        }
        catch (e) {
            if (!keep(ref, e))
                throw e;
        }
    };
    const folder = async (path, folderRefs) => {
        let found;
        try {
            found = await opts.readFolder(path, folderRefs.map((r) => r.name), cancel.signal);
        }
        catch (e) {
            if (listRefused(e)) {
                queue.push(...folderRefs.map((ref) => ({ kind: 'one', ref })));
                return;
            }
            if (folderRefs.every((ref) => keep(ref, e)))
                return;
            throw e;
        }
        for (const ref of folderRefs) {
            const secret = found.get(ref.name);
            if (secret === undefined) {
                queue.push({ kind: 'one', ref });
                continue;
            }
            onRead(ref, secret);
            values.set(refKey(ref), secret);
        }
    };
    const runUnit = (u) => (u.kind === 'one' ? one(u.ref) : folder(u.path, u.refs));
    const first = queue.shift();
    if (first)
        await runUnit(first);
    const failure = await drain(queue, maxInFlight, runUnit, () => cancel.abort());
    if (failure)
        throw failure.error;
    return {
        values,
        failures: distinct.filter((r) => failed.has(refKey(r))).map((ref) => ({ ref, error: failed.get(refKey(ref)) }))
    };
}

;// CONCATENATED MODULE: ./src/check-mode.ts


const PER_SECRET = ['permission-denied', 'not-found'];
function keepsGoing(error) {
    return isActionError(error) && PER_SECRET.includes(error.errorClass);
}
function checkFailures(mappings, failures) {
    const byRef = new Map(failures.map((f) => [refKey(f.ref), f.error]));
    const out = [];
    for (const m of mappings) {
        const e = byRef.get(refKey(m));
        if (isActionError(e))
            out.push({ env: m.env, class: e.errorClass, message: e.message });
    }
    return out;
}
function checkModeError(mappings, failures) {
    const listed = checkFailures(mappings, failures);
    const first = failures[0]?.error;
    const parts = mappings
        .filter((m) => listed.some((f) => f.env === m.env))
        .map((m) => {
        const e = failures.find((f) => refKey(f.ref) === refKey(m))?.error;
        const status = e.details.status !== undefined ? ` (HTTP ${e.details.status})` : '';
        return `${m.env} (${secretLocation(m.path, m.name)}): ${e.errorClass}, ${e.what}${status}`;
    });
    const classes = new Set(listed.map((f) => f.class));
    return new ActionError(first.errorClass, `${parts.length} of ${mappings.length} mapped secrets could not be read: ${parts.join('; ')}`, {
        ...(first.details.endpoint ? { endpoint: first.details.endpoint } : {}),
        failures: listed,
        fix: classes.size === 1
            ? (first.details.fix ?? `see the class of each`)
            : 'see the class of each secret above; the others were readable'
    });
}

;// CONCATENATED MODULE: ./src/results.ts








function preexistingOf(plan, env) {
    const names = plan.mappings.filter((m) => env[m.env] !== undefined).map((m) => m.env);
    for (const name of names) {
        workflow_commands/* warning */.$e(`${name} is already set in this step's environment (a plain-text copy from the runner's env file?): steps that set env: themselves, or that run after a failure, may see that copy instead of the value from Infisical. Remove it from the runner host once the soak is over.`);
    }
    return names;
}
function announceReads(plan) {
    const count = plural(plan.mappings.length, 'secret');
    workflow_commands/* info */.pq(`Infisical: reading ${count} of project ${plan.projectId}, environment ${plan.environment}, with ${describeAuth(plan)}, from ${plan.urls.join(', ')}`);
}
async function readSecrets(plan, bearer, client, masker) {
    const { values, failures } = await readAll(plan.mappings, (ref, cancel) => client.readSecret(bearer, ref.path, ref.name, cancel), (_ref, secret) => workflow_commands/* sensitive */.LS.add(secret.value), {
        readFolder: (path, names, cancel) => client.readFolder(bearer, path, names, cancel),
        ...(plan.mode === 'check' ? { keepGoing: keepsGoing } : {})
    });
    if (failures.length > 0)
        throw checkModeError(plan.mappings, failures);
    const secrets = plan.mappings.map((m) => {
        const read = values.get(refKey(m));
        if (!read)
            throw new Error(`internal: ${m.env} was not read`);
        return { env: m.env, path: m.path, name: m.name, value: read.value, version: read.version };
    });
    maskSecrets(masker, secrets);
    for (const s of secrets) {
        workflow_commands/* info */.pq(`  ${s.env} <- ${secretLocation(s.path, s.name)}${s.version === null ? '' : ` (version ${s.version})`}`);
    }
    return secrets;
}
function useFallback(plan, cause, rt, masker, scrubbed) {
    if (plan.fallback.kind === 'none')
        throw cause;
    checkFallbackWindow(plan.fallback, cause, rt.now());
    const values = fallbackValues(plan.fallback, plan.mappings, rt.env, { uid: rt.uid }, cause);
    const secrets = plan.mappings.map((m) => ({
        env: m.env,
        path: m.path,
        name: m.name,
        value: values.get(m.env),
        version: null
    }));
    maskSecrets(masker, secrets);
    const reason = { class: cause.errorClass, message: scrubbed(cause.message) };
    workflow_commands/* warning */.$e(`Infisical failed, so the secrets come from the ${plan.fallback.kind} fallback (until ${plan.fallback.until.toISOString()}), not from Infisical: ${reason.message}`);
    return { secrets, source: 'direct-env-fallback', fallback: { kind: plan.fallback.kind, reason } };
}

;// CONCATENATED MODULE: ./src/ledger.ts

function ledgerLine(marker) {
    const exitCode = marker.command?.exitCode;
    return {
        schema: 1,
        createdAt: marker.createdAt,
        status: marker.status,
        source: marker.source,
        label: marker.label ?? null,
        errorClass: marker.error?.class ?? (exitCode !== undefined && exitCode !== null && exitCode !== 0 ? 'command-failed' : null),
        endpoint: marker.endpoint,
        identityId: marker.identityId,
        projectId: marker.projectId,
        environment: marker.environment,
        secrets: marker.secrets.map((s) => s.env),
        tokenExpiresAt: marker.tokenExpiresAt,
        fallback: marker.fallback?.kind ?? null,
        requests: marker.requests,
        durationMs: marker.durationMs,
        run: marker.run
    };
}
function ledgerFileProblem(stat, uid) {
    if (!stat.isFile())
        return 'it is not a regular file';
    if (stat.uid !== uid)
        return `it is owned by user ${stat.uid}, not by the runner's user (${uid})`;
    if ((stat.mode & 0o022) !== 0)
        return `others may write to it (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}): chmod 600 it`;
    return undefined;
}
function appendToLedger(path, line, uid) {
    const text = Buffer.from(`${JSON.stringify(line)}\n`, 'utf8');
    let fd;
    try {
        fd = (0,external_node_fs_.openSync)(path, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_APPEND | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_NOFOLLOW | external_node_fs_.constants.O_NONBLOCK, 0o600);
    }
    catch (e) {
        const code = e.code ?? String(e);
        return code === 'ELOOP'
            ? 'it is a symbolic link: give the real path of the ledger'
            : `it cannot be opened for appending (${code})`;
    }
    try {
        const problem = ledgerFileProblem((0,external_node_fs_.fstatSync)(fd), uid);
        if (problem)
            return problem;
        const written = (0,external_node_fs_.writeSync)(fd, text, 0, text.length);
        if (written !== text.length)
            return `only ${written} of ${text.length} bytes were written (disk full?)`;
        return undefined;
    }
    catch (e) {
        return `it cannot be written (${e.code ?? String(e)})`;
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}

;// CONCATENATED MODULE: ./src/run-record.ts




function labelOf(raw) {
    return raw.label !== '' && raw.label.length <= MAX_LABEL && !/[\u0000-\u001f\u007f]/.test(raw.label)
        ? raw.label
        : null;
}
function buildMarker(f, rt, started, outcome, scrubbed) {
    const { plan, raw } = f;
    const error = outcome.error;
    return {
        schema: 1,
        status: error ? 'failed' : 'ok',
        mode: plan?.mode ?? (raw.mode === 'check' ? 'check' : 'fetch'),
        source: error ? null : (outcome.source ?? null),
        markerKey: markerKeyOf(raw),
        label: plan?.label ?? labelOf(raw),
        endpoint: f.client?.endpoint ?? null,
        identityId: f.identity?.identityId ?? null,
        projectId: plan?.projectId ?? (raw['project-id'] || null),
        environment: plan?.environment ?? (raw.environment || null),
        secrets: error
            ? (plan?.mappings ?? []).map((m) => ({ env: m.env, path: m.path, name: m.name, version: null }))
            : f.secrets.map((s) => ({ env: s.env, path: s.path, name: s.name, version: s.version })),
        tokenExpiresAt: f.identity?.expiresAt?.toISOString() ?? null,
        fallback: outcome.fallback ?? null,
        preexisting: f.preexisting,
        error: error
            ? {
                class: error.errorClass,
                message: scrubbed(error.message),
                status: error.details.status ?? null,
                endpoint: error.details.endpoint ?? null,
                ...(error.details.failures
                    ? { failures: error.details.failures.map((x) => ({ ...x, message: scrubbed(x.message) })) }
                    : {})
            }
            : null,
        requests: f.client?.requests ?? 0,
        attempts: f.client?.attempts() ?? [],
        command: plan?.command ? { exitCode: outcome.exitCode ?? null } : null,
        durationMs: Date.now() - started,
        run: runOf(rt.env),
        createdAt: rt.now().toISOString()
    };
}
function record(raw, marker, uid) {
    const path = raw['ledger-path'];
    if (path === '')
        return;
    const problem = appendToLedger(path, ledgerLine(marker), uid);
    if (problem)
        workflow_commands/* warning */.$e(`The run ledger ${path} was not written: ${problem}. The run itself is not affected; audits will miss this run.`);
}

;// CONCATENATED MODULE: ./src/values.ts



const MAX_EXPORTED_LINE = 60 * 1024;
function values_describe(s) {
    return (0,log_text/* oneLine */.TN)(`${s.env} (${secretLocation(s.path, s.name)})`);
}
function problem(secrets, bad, what) {
    const found = secrets.filter((s) => bad(s.value));
    return found.length > 0 ? [`${found.map(values_describe).join(', ')}: ${what}`] : [];
}
const NUL = 'the value holds a NUL character, which no environment variable or env file can carry (later steps would fail or see it cut)';
function checkEnvExport(secrets) {
    const problems = [
        ...problem(secrets, (v) => v.split('\n').some((line) => Buffer.byteLength(line) > MAX_EXPORTED_LINE), "a line of the value is longer than 60 KiB, which the runner's env file cannot carry"),
        ...problem(secrets, (v) => /\r(\n|$)/.test(v), "the value has CR LF line endings, whose CR the runner's env file drops"),
        ...problem(secrets, (v) => v.startsWith('\n'), "the value starts with an empty line, which the runner's env file drops"),
        ...problem(secrets, (v) => v.includes('\u0000'), NUL)
    ];
    if (problems.length > 0) {
        throw new ActionError('config', problems.join('; '), {
            fix: 'store the value differently in Infisical (LF line endings, no empty first line, shorter lines, no NUL); or, but for a NUL, set export-env: false and use export-file for it'
        });
    }
}
function exportFileText(secrets) {
    return exportText('dotenv', secrets);
}

;// CONCATENATED MODULE: ./src/command-start.ts


class CommandStartError extends Error {
    problem;
    constructor(problem, message) {
        super(message);
        this.problem = problem;
        this.name = 'CommandStartError';
    }
}
function isCommandStartError(e) {
    return e instanceof CommandStartError;
}
function executable(path) {
    try {
        if (!(0,external_node_fs_.statSync)(path).isFile())
            return false;
        (0,external_node_fs_.accessSync)(path, external_node_fs_.constants.X_OK);
        return true;
    }
    catch {
        return false;
    }
}
function findBash(path) {
    for (const dir of (path ?? '').split(':')) {
        if (dir === '')
            continue;
        const candidate = (0,external_node_path_namespaceObject.join)(dir, 'bash');
        if (executable(candidate))
            return candidate;
    }
    return undefined;
}
const command_start_LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
function childEnv(env) {
    const out = {};
    const nul = [];
    const surrogate = [];
    for (const [k, v] of Object.entries(env)) {
        if (v === undefined)
            continue;
        if (k.includes('\u0000') || k.includes('=') || k === '')
            nul.push(JSON.stringify(k));
        else if (v.includes('\u0000'))
            nul.push(k);
        else if (command_start_LONE_SURROGATE.test(k) || command_start_LONE_SURROGATE.test(v))
            surrogate.push(k);
        out[k] = v;
    }
    const problems = [];
    if (nul.length > 0)
        problems.push(`${nul.join(', ')}: a NUL character or an invalid name, which no process environment can carry`);
    if (surrogate.length > 0)
        problems.push(`${surrogate.join(', ')}: a lone UTF-16 surrogate, which the environment (UTF-8) would change to U+FFFD`);
    if (problems.length > 0)
        throw new CommandStartError('unrepresentable', `the command's environment cannot be passed on unchanged: ${problems.join('; ')}`);
    return out;
}
function isDirectory(path) {
    try {
        return (0,external_node_fs_.statSync)(path).isDirectory();
    }
    catch {
        return false;
    }
}
function prepareCommand(o) {
    if (o.commandLine.includes('\u0000'))
        throw new CommandStartError('unrepresentable', 'the command line holds a NUL character, which no program argument can carry');
    const env = childEnv(o.env);
    const bash = findBash(env['PATH'] ?? process.env['PATH']);
    if (bash === undefined) {
        throw new CommandStartError('bash-not-found', `bash was not found in the PATH of the command (${env['PATH'] ?? process.env['PATH'] ?? 'not set'}); install bash on the runner, or add its folder to PATH`);
    }
    if (!isDirectory(o.cwd))
        throw new CommandStartError('cwd-missing', `the working directory ${o.cwd} of the command does not exist or is not a folder`);
    return { bash, env };
}

;// CONCATENATED MODULE: external "node:string_decoder"
const external_node_string_decoder_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");
;// CONCATENATED MODULE: ./src/command-frame.ts

function newStopToken() {
    return (0,external_node_crypto_.randomBytes)(16).toString('hex');
}
class CommandOutputFrame {
    token;
    atLineStart = true;
    constructor(token = newStopToken()) {
        this.token = token;
        if (!/^[0-9a-f]{16,}$/.test(token))
            throw new Error('the stop-commands token must be 16 or more hex digits');
    }
    open() {
        return `::stop-commands::${this.token}\n`;
    }
    pass(text) {
        if (text !== '')
            this.atLineStart = text.endsWith('\n');
        return text;
    }
    close() {
        const end = this.atLineStart ? '' : '\n';
        this.atLineStart = true;
        return `${end}::${this.token}::\n`;
    }
}
function framedOutput(output, token = newStopToken()) {
    const frame = new CommandOutputFrame(token);
    return frame.open() + frame.pass(output) + frame.close();
}

;// CONCATENATED MODULE: ./src/run-command.ts



const UNKNOWN_SIGNAL_CODE = 128;
const WRAPPER_SCRIPT = 'exec 2>&1 </dev/null; "$0" --noprofile --norc -e -o pipefail -c "$1"; exit "$?"';
async function runCommand(o) {
    const { bash, env } = prepareCommand(o);
    const { exec } = await __nccwpck_require__.e(/* import() */ 260).then(__nccwpck_require__.bind(__nccwpck_require__, 260));
    const frame = new CommandOutputFrame();
    const decoder = new external_node_string_decoder_namespaceObject.StringDecoder('utf8');
    let closed = false;
    const pass = (data) => {
        if (closed)
            return;
        const text = decoder.write(data);
        if (text !== '')
            o.write(frame.pass(text));
    };
    o.write(frame.open());
    let code;
    try {
        code = await exec(bash, ['--noprofile', '--norc', '--posix', '-c', WRAPPER_SCRIPT, bash, o.commandLine], {
            cwd: o.cwd,
            env,
            silent: true,
            ignoreReturnCode: true,
            ...(o.closeDelayMs !== undefined ? { delay: Math.max(1, o.closeDelayMs) } : {}),
            listeners: { stdout: pass, stderr: pass }
        });
    }
    catch (e) {
        throw new CommandStartError('bash-not-startable', `${bash} could not be started: ${e instanceof Error ? e.message : String(e)}`);
    }
    finally {
        closed = true;
        const rest = decoder.end();
        if (rest !== '')
            o.write(frame.pass(rest));
        o.write(frame.close());
    }
    return code ?? UNKNOWN_SIGNAL_CODE;
}

;// CONCATENATED MODULE: ./src/hand-off.ts








const COMMAND_CLOSE_DELAY_MS = 1000;
function prepareExport(plan, secrets) {
    if (plan.mode === 'check')
        return { env: [] };
    if (plan.exportEnv)
        checkEnvExport(secrets);
    return {
        env: plan.exportEnv ? secrets : [],
        ...(plan.exportFile !== undefined
            ? { file: { path: plan.exportFile, text: export_format_exportText(plan.exportFormat, secrets) } }
            : {})
    };
}
function exportToEnv(prepared) {
    workflow_commands/* exportVariables */.qY(prepared.env.map((s) => [s.env, s.value]));
    if (prepared.env.length > 0)
        workflow_commands/* info */.pq(`Exported ${prepared.env.map((s) => s.env).join(', ')} to the later steps of this job`);
}
function setOutputs(f, markerPath, source) {
    workflow_commands/* setOutputs */.n0([
        ['source', source],
        ['marker-path', markerPath],
        ['endpoint', f.client?.endpoint ?? ''],
        ['identity-id', f.identity?.identityId ?? ''],
        ['token-expires-at', f.identity?.expiresAt?.toISOString() ?? '']
    ]);
}
function setResult(errorClass, exitCode) {
    workflow_commands/* setOutputs */.n0([
        ['error-class', errorClass],
        ['exit-code', exitCode === undefined ? '' : String(exitCode)]
    ]);
}
function writeFileOrFail(path, text, input) {
    fileOrFail(path, input, () => writeFileAtomic(path, text, 0o600));
}
function fileOrFail(path, input, write) {
    try {
        return write();
    }
    catch (e) {
        if (e instanceof workflow_commands/* FileCommandError */.CH) {
            throw new ActionError('config', `${e.message}: the ${input} could not be recorded for removal when the job ends`, { fix: `the runner must give the step a GITHUB_${e.variable} file it can write` });
        }
        const code = e.code ?? String(e);
        throw new ActionError('config', `${input} ${path} cannot be written (${code})`, {
            fix: `give ${input} a path in a folder that exists and that the runner user may write to`
        });
    }
}
function commandStartFailed(e) {
    return new ActionError('config', `the run command cannot be started: ${e.message}`, {
        fix: e.problem === 'cwd-missing'
            ? 'check out the repository (or create the workspace) before this step'
            : 'run the job on a runner with bash, or correct run'
    });
}
function asStartFailure(e) {
    return e instanceof CommandStartError ? commandStartFailed(e) : e;
}
function prepareRunCommand(plan, env, secrets) {
    if (!plan.command)
        return undefined;
    const commandEnv = {};
    for (const [k, v] of Object.entries(env))
        if (!k.startsWith('INPUT_'))
            commandEnv[k] = v;
    for (const s of secrets)
        commandEnv[s.env] = s.value;
    const command = { line: plan.command.line, cwd: plan.command.cwd, env: commandEnv };
    try {
        prepareCommand({ commandLine: command.line, cwd: command.cwd, env: command.env });
    }
    catch (e) {
        throw asStartFailure(e);
    }
    return command;
}
async function runTheCommand(command, secrets) {
    workflow_commands/* info */.pq(`Running the run command with ${plural(secrets.length, 'secret')} in its environment only (${secrets.map((s) => s.env).join(', ')}), in ${command.cwd}`);
    let exitCode;
    try {
        exitCode = await runCommand({
            commandLine: command.line,
            cwd: command.cwd,
            env: command.env,
            write: workflow_commands/* output */.CG,
            closeDelayMs: COMMAND_CLOSE_DELAY_MS
        });
    }
    catch (e) {
        throw asStartFailure(e);
    }
    workflow_commands/* info */.pq(`The run command exited with code ${exitCode}`);
    return exitCode;
}
function commandFailed(exitCode) {
    return new ActionError('command-failed', `the run command exited with code ${exitCode}${exitCode > 128 ? ` (signal ${exitCode - 128}?)` : ''}`);
}

;// CONCATENATED MODULE: ./src/run-environment.ts
function processEnvironment() {
    return {
        env: process.env,
        now: () => new Date(),
        uid: typeof process.getuid === 'function' ? process.getuid() : 0
    };
}

;// CONCATENATED MODULE: ./src/run.ts




















function asActionError(e) {
    if (isActionError(e))
        return e;
    if (e instanceof workflow_commands/* FileCommandError */.CH) {
        return new ActionError('config', `the runner's file command file GITHUB_${e.variable} cannot be written (${e.code})`, {
            fix: 'run the action as a step of a Forgejo or GitHub job, and check that the runner user may write to the job folder'
        });
    }
    const text = e instanceof Error ? e.message : String(e);
    return new ActionError('config', `unexpected failure: ${text}`, {
        fix: 'this is a bug of the action: please report it with the log'
    });
}
function factsOf(k) {
    return {
        raw: k.raw,
        plan: k.plan,
        identity: k.identity,
        client: k.connection?.client,
        preexisting: k.preexisting,
        secrets: k.results?.secrets ?? []
    };
}
function stage(ctx, plan, results) {
    const prepared = prepareExport(plan, results.secrets);
    const command = prepareRunCommand(plan, ctx.rt.env, results.secrets);
    const file = prepared.file;
    const exportFile = file
        ? fileOrFail(file.path, 'export-file', () => stageExportFile(file.path, file.text, ctx.rt.env))
        : undefined;
    return { prepared, ...(command ? { command } : {}), ...(exportFile ? { exportFile } : {}) };
}
async function handOn(ctx, plan, results, staged, facts) {
    const { secrets, source } = results;
    const { command, exportFile } = staged;
    const outcome = { source, ...(results.fallback ? { fallback: results.fallback } : {}) };
    const marker = buildMarker(facts, ctx.rt, ctx.started, outcome, ctx.scrubbed);
    writeFileOrFail(ctx.markerPath, markerText(marker), 'marker-path');
    if (plan.mode === 'check')
        workflow_commands/* info */.pq(`Mode check: ${plural(secrets.length, 'secret')} readable with this identity; nothing exported`);
    exportToEnv(staged.prepared);
    setOutputs(facts, ctx.markerPath, source);
    if (!command)
        setResult('');
    if (exportFile) {
        fileOrFail(exportFile.path, 'export-file', () => exportFile.commit());
        workflow_commands/* info */.pq(`Wrote ${plural(secrets.length, 'variable')} to ${exportFile.path} (${plan.exportFormat}, mode 0600${exportFile.removedAtJobEnd ? ', removed when the job ends' : ', kept after the job'})`);
    }
    workflow_commands/* info */.pq(`Source marker written to ${ctx.markerPath} (${plural(marker.requests, 'request')}, ${marker.durationMs} ms)`);
    const markerLine = `${plan.markerKey}=${source}`;
    if (ctx.scrubbed(markerLine) !== markerLine) {
        workflow_commands/* warning */.$e('A secret value is part of the marker line (marker-key=source): the runner will show that line masked, so log audits will miss this run; the marker file holds the source.');
    }
    workflow_commands/* info */.pq(markerLine);
    if (!command)
        return marker;
    const exitCode = await runTheCommand(command, secrets);
    const final = buildMarker(facts, ctx.rt, ctx.started, { ...outcome, exitCode }, ctx.scrubbed);
    writeFileOrFail(ctx.markerPath, markerText(final), 'marker-path');
    setResult(exitCode === 0 ? '' : 'command-failed', exitCode);
    if (exitCode !== 0)
        workflow_commands/* setFailed */.C1(commandFailed(exitCode).message);
    return final;
}
function run_fail(ctx, known, e) {
    const error = asActionError(e);
    known.staged?.exportFile?.discard();
    const facts = factsOf(known);
    const marker = buildMarker(facts, ctx.rt, ctx.started, { error }, ctx.scrubbed);
    record(known.raw, marker, ctx.rt.uid);
    try {
        writeFileAtomic(ctx.markerPath, markerText(marker), 0o600);
    }
    catch (we) {
        workflow_commands/* warning */.$e(`The source marker could not be written to ${ctx.markerPath}: ${we.message}`);
    }
    try {
        setOutputs(facts, ctx.markerPath, '');
        setResult(error.errorClass);
    }
    catch (oe) {
        workflow_commands/* warning */.$e(`The step's outputs could not be set: ${oe.message}`);
    }
    workflow_commands/* setFailed */.C1(ctx.scrubbed(error.message));
}
function run_close(connection) {
    connection?.deadline.dispose();
    connection?.transport.destroy();
}
async function run(rt) {
    const raw = readInputs(rt.env);
    const masker = new Masker(workflow_commands/* command */.G5, (v) => workflow_commands/* sensitive */.LS.add(v));
    const ctx = {
        rt,
        started: Date.now(),
        masker,
        markerPath: markerPathOf(raw, { env: rt.env, tmpdir: (0,external_node_os_.tmpdir)() }),
        scrubbed: (t) => workflow_commands/* sensitive */.LS.redact(t)
    };
    let known = { raw, preexisting: [] };
    try {
        maskOrFail(masker, [raw.token, raw['client-secret']], ['the token input', 'client-secret'], 'config');
        const plan = buildPlan(raw, { env: rt.env, tmpdir: (0,external_node_os_.tmpdir)(), now: rt.now() });
        known = { ...known, plan };
        for (const notice of plan.notices)
            workflow_commands/* info */.pq(notice);
        let results;
        try {
            const connection = connect(plan, rt.env, new Deadline(plan.timeoutMs));
            known = { ...known, connection };
            const given = givenCredentials(plan, rt, masker);
            known = { ...known, identity: given.identity, preexisting: preexistingOf(plan, rt.env) };
            announceReads(plan);
            const credentials = await signIn(plan, given, masker, connection);
            known = { ...known, identity: credentials.identity };
            results = {
                secrets: await readSecrets(plan, credentials.bearer, connection.client, masker),
                source: credentials_sourceOf(plan)
            };
        }
        catch (e) {
            const cause = asActionError(e);
            if (!fallbackApplies(plan.fallback, cause.errorClass))
                throw cause;
            results = useFallback(plan, cause, rt, masker, ctx.scrubbed);
        }
        const staged = stage(ctx, plan, results);
        known = { ...known, results, staged };
        if (staged.command)
            run_close(known.connection);
        record(raw, await handOn(ctx, plan, results, staged, factsOf(known)), rt.uid);
    }
    catch (e) {
        run_fail(ctx, known, e);
    }
    finally {
        run_close(known.connection);
    }
}


/***/ }),

/***/ 137:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $e: () => (/* binding */ warning),
/* harmony export */   C1: () => (/* binding */ setFailed),
/* harmony export */   CG: () => (/* binding */ output),
/* harmony export */   CH: () => (/* binding */ FileCommandError),
/* harmony export */   G5: () => (/* binding */ command),
/* harmony export */   LS: () => (/* binding */ sensitive),
/* harmony export */   LZ: () => (/* binding */ saveState),
/* harmony export */   n0: () => (/* binding */ setOutputs),
/* harmony export */   pq: () => (/* binding */ info),
/* harmony export */   qY: () => (/* binding */ exportVariables)
/* harmony export */ });
/* unused harmony exports safeText, escapeData, escapeProperty, commandLine, fileCommandEntry, getState */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(24);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _log_text_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(529);




const sensitive = new _log_text_js__WEBPACK_IMPORTED_MODULE_3__/* .Redactor */ .pO();
function safeText(text) {
    return (0,_log_text_js__WEBPACK_IMPORTED_MODULE_3__/* .oneLine */ .TN)(sensitive.redact(text));
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
function fileCommandEntry(name, value, delimiter = `ghadelimiter_${(0,node_crypto__WEBPACK_IMPORTED_MODULE_2__.randomUUID)()}`) {
    if (name.includes(delimiter) || value.includes(delimiter))
        throw new Error(`unexpected input: ${name} holds the delimiter`);
    return `${name}<<${delimiter}${node_os__WEBPACK_IMPORTED_MODULE_1__.EOL}${value}${node_os__WEBPACK_IMPORTED_MODULE_1__.EOL}${delimiter}${node_os__WEBPACK_IMPORTED_MODULE_1__.EOL}`;
}
function write(line) {
    process.stdout.write(`${line}${node_os__WEBPACK_IMPORTED_MODULE_1__.EOL}`);
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
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.appendFileSync)(file, entries.map(([k, v]) => fileCommandEntry(k, v)).join(''), 'utf8');
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

/***/ 613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 24:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

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
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
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
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
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
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(730);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 

//# sourceMappingURL=index.js.map