export const id = 597;
export const ids = [597];
export const modules = {

/***/ 2406:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  O9: () => (/* binding */ finish),
  Ko: () => (/* binding */ readInputs),
  hB: () => (/* binding */ runnerLogger),
  PM: () => (/* binding */ step),
  Sy: () => (/* binding */ writeSummary)
});

// UNUSED EXPORTS: mask

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/config/inputs.ts
/**
 * The one input parser: every action declares its inputs once (name, kind, default, description) and gets
 * typed values back, or one InputError that lists every wrong input by name and says what is wrong.
 *
 * The declarations are also the source of truth for each action's `action.yml` (a test keeps them equal), so
 * the defaults a user reads in the docs are the defaults the code applies.
 */

const TRUE = ['true', 'True', 'TRUE', 'yes', 'on', '1'];
const FALSE = ['false', 'False', 'FALSE', 'no', 'off', '0'];
function parseDuration(text) {
    const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
    if (!m)
        return undefined;
    const n = Number(m[1]);
    const unit = m[2] ?? 's';
    const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000;
    return Math.round(n * factor);
}
function parseList(text) {
    const lines = text
        .split(/\r?\n/)
        .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
        .filter((l) => l !== '');
    if (lines.length === 1) {
        return (lines[0] ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '');
    }
    return lines;
}
function show(decl, value) {
    return decl.secret ? '(hidden)' : JSON.stringify(value.length > 80 ? value.slice(0, 77) + '...' : value);
}
function parseOne(decl, value) {
    switch (decl.kind) {
        case 'string': {
            const v = value.trim();
            if (decl.pattern && !decl.pattern.test(v)) {
                return { error: `${show(decl, v)} is not ${decl.patternHint ?? `of the form ${decl.pattern}`}` };
            }
            return { value: v };
        }
        case 'text':
            return { value };
        case 'boolean': {
            const v = value.trim();
            if (TRUE.includes(v))
                return { value: true };
            if (FALSE.includes(v))
                return { value: false };
            return { error: `${show(decl, v)} is not a boolean (use true or false)` };
        }
        case 'integer': {
            const v = value.trim();
            if (!/^-?\d+$/.test(v))
                return { error: `${show(decl, v)} is not a whole number` };
            const n = Number(v);
            if (decl.min !== undefined && n < decl.min)
                return { error: `${n} is below the minimum ${decl.min}` };
            if (decl.max !== undefined && n > decl.max)
                return { error: `${n} is above the maximum ${decl.max}` };
            return { value: n };
        }
        case 'choice': {
            const v = value.trim();
            if (!decl.choices.includes(v)) {
                return { error: `${show(decl, v)} is not one of: ${decl.choices.join(', ')}` };
            }
            return { value: v };
        }
        case 'duration': {
            const ms = parseDuration(value);
            if (ms === undefined) {
                return { error: `${show(decl, value.trim())} is not a duration (seconds, or e.g. 30s, 5m, 1h)` };
            }
            if (decl.minMs !== undefined && ms < decl.minMs)
                return { error: `must be at least ${decl.minMs / 1000}s` };
            if (decl.maxMs !== undefined && ms > decl.maxMs)
                return { error: `must be at most ${decl.maxMs / 1000}s` };
            return { value: ms };
        }
        case 'list':
            return { value: parseList(value) };
    }
}
/**
 * Parses every declared input. Values that are absent fall back to the declared default (the runner
 * normally supplies those from action.yml already; the fallback covers the CLI and tests).
 */
function parseInputs(decls, source) {
    const problems = [];
    const out = {};
    for (const [name, decl] of Object.entries(decls)) {
        let text = source(name);
        if (text === undefined || text.trim() === '')
            text = decl.default;
        if (text === undefined || text.trim() === '') {
            if (decl.required)
                problems.push({ field: name, message: 'is required but was not given' });
            out[name] = decl.kind === 'list' ? [] : undefined;
            continue;
        }
        const parsed = parseOne(decl, text);
        if (parsed.error !== undefined)
            problems.push({ field: name, message: parsed.error });
        else
            out[name] = parsed.value;
    }
    if (problems.length > 0)
        throw new errors/* InputError */.dz(problems);
    return out;
}
/** Names of the secret inputs that were given, with their values, for masking. */
function secretValues(decls, source) {
    return Object.entries(decls)
        .filter(([, d]) => d.secret)
        .map(([name]) => source(name) ?? '')
        .filter((v) => v.trim() !== '');
}

// EXTERNAL MODULE: ./src/report/summary.ts
var summary = __webpack_require__(7994);
;// CONCATENATED MODULE: ./src/actions/common/step.ts
/**
 * The bridge between the GitHub runner (@actions/core) and keel's library, shared by every action entry:
 * inputs through the one parser, a Logger on the runner's log (groups, annotations), secrets masked first,
 * and errors turned into one clear annotation and a failed step, without a stack trace.
 */




const source = (name) => core/* getInput */.V4(name);
/** Masks a secret and each of its lines (multi-line keys are masked line by line by the runner). */
function mask(value) {
    if (value.trim() === '')
        return;
    core/* setSecret */.Pq(value);
    for (const line of value.split(/\r?\n/)) {
        if (line.trim().length >= 4)
            core/* setSecret */.Pq(line.trim());
    }
}
/** Masks every secret input, then parses all inputs. */
function readInputs(decls) {
    for (const value of secretValues(decls, source))
        mask(value);
    return parseInputs(decls, source);
}
function runnerLogger() {
    return {
        info: (m) => core/* info */.pq(m),
        warn: (m, field) => core/* warning */.$e(m, field ? { title: `keel: ${field}` } : {}),
        error: (m, field) => core/* error */.z3(m, field ? { title: `keel: ${field}` } : {}),
        debug: (m) => core/* debug */.Yz(m),
        group: (title, body) => core/* group */.Os(title, body),
    };
}
async function writeSummary(reports) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    await core/* summary */.z.addRaw(reports.map(summary/* toMarkdown */.l6).join('\n')).write();
}
/** A single action's end: its outputs, its job summary, then its failure (if any) fails the step. */
async function finish(run) {
    for (const [name, value] of Object.entries(run.outputs))
        core/* setOutput */.uH(name, value);
    await writeSummary(run.reports);
    if (run.error)
        throw run.error;
}
/** Runs an action body: any KeelError becomes annotations + a failed step; anything else is a bug report. */
async function step(body) {
    try {
        await body();
    }
    catch (error) {
        if (error instanceof errors/* InputError */.dz) {
            // One annotation per wrong input, titled with its name, and the step fails (exit code 1).
            for (const p of error.problems)
                core/* error */.z3(`input '${p.field}': ${p.message}`, { title: `keel: input ${p.field}` });
            process.exitCode = 1;
        }
        else if (error instanceof errors/* KeelError */.Ui) {
            core/* setFailed */.C1(error.hint ? `${error.message}\n${error.hint}` : error.message);
        }
        else {
            core/* debug */.Yz(error instanceof Error && error.stack ? error.stack : String(error));
            core/* setFailed */.C1(`keel failed unexpectedly: ${(0,errors/* errorMessage */.gJ)(error)} (this is a bug; run with debug logging for details)`);
        }
    }
}


/***/ }),

/***/ 4597:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   main: () => (/* binding */ main),
/* harmony export */   post: () => (/* binding */ post)
/* harmony export */ });
/* harmony import */ var _common_connection_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7985);
/* harmony import */ var _common_step_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2406);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2685);
/* harmony import */ var _stage_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7178);
/** ssh-deploy entry: inputs → library → outputs and job summary. */




async function main() {
    await (0,_common_step_js__WEBPACK_IMPORTED_MODULE_1__/* .step */ .PM)(async () => {
        const inputs = (0,_common_step_js__WEBPACK_IMPORTED_MODULE_1__/* .readInputs */ .Ko)(_inputs_js__WEBPACK_IMPORTED_MODULE_2__.inputs);
        const log = (0,_common_step_js__WEBPACK_IMPORTED_MODULE_1__/* .runnerLogger */ .hB)();
        const checked = inputs.mode === 'check' ? undefined : (0,_stage_js__WEBPACK_IMPORTED_MODULE_3__/* .validateDeployInputs */ .rv)(inputs);
        const connection = (0,_common_connection_js__WEBPACK_IMPORTED_MODULE_0__.connectionFrom)(inputs, log);
        if (inputs.mode === 'check')
            return (0,_common_step_js__WEBPACK_IMPORTED_MODULE_1__/* .finish */ .O9)(await (0,_stage_js__WEBPACK_IMPORTED_MODULE_3__/* .checkHosts */ .GZ)(inputs, connection, log));
        const run = inputs.mode === 'deploy' ? _stage_js__WEBPACK_IMPORTED_MODULE_3__/* .deployRelease */ .H_ : _stage_js__WEBPACK_IMPORTED_MODULE_3__/* .rollbackRelease */ .w6;
        return (0,_common_step_js__WEBPACK_IMPORTED_MODULE_1__/* .finish */ .O9)(await run(inputs, checked, connection, log));
    });
}
/** Post: release any deploy lock the main step still held (it was cancelled or crashed). */
async function post() {
    await (0,_common_step_js__WEBPACK_IMPORTED_MODULE_1__/* .step */ .PM)(() => (0,_stage_js__WEBPACK_IMPORTED_MODULE_3__/* .releaseLeftLocks */ .Pr)(() => (0,_common_step_js__WEBPACK_IMPORTED_MODULE_1__/* .readInputs */ .Ko)(_inputs_js__WEBPACK_IMPORTED_MODULE_2__.inputs), (0,_common_step_js__WEBPACK_IMPORTED_MODULE_1__/* .runnerLogger */ .hB)()));
}


/***/ }),

/***/ 7994:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gy: () => (/* binding */ mark),
/* harmony export */   O9: () => (/* binding */ alignTable),
/* harmony export */   l6: () => (/* binding */ toMarkdown)
/* harmony export */ });
/* unused harmony export toText */
const ICON = { ok: '✅', failed: '❌', skipped: '⏭️', warning: '⚠️' };
function cell(text) {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}
function toMarkdown(report) {
    const out = [`### ${ICON[report.status]} ${report.title}`, ''];
    for (const l of report.lines ?? [])
        out.push(l, '');
    for (const t of report.tables) {
        if (t.caption)
            out.push(`**${t.caption}**`, '');
        out.push(`| ${t.headers.map(cell).join(' | ')} |`);
        out.push(`| ${t.headers.map(() => '---').join(' | ')} |`);
        for (const r of t.rows)
            out.push(`| ${r.map(cell).join(' | ')} |`);
        out.push('');
    }
    for (const b of report.blocks ?? []) {
        const fence = b.text.includes('```') ? '~~~~' : '```';
        out.push(`<details><summary>${b.title}</summary>`, '', fence + b.language, b.text.trimEnd(), fence, '', '</details>', '');
    }
    return out.join('\n');
}
function toText(report) {
    const out = [`${report.title}: ${report.status.toUpperCase()}`];
    for (const l of report.lines ?? [])
        out.push(`  ${l}`);
    for (const t of report.tables) {
        if (t.caption)
            out.push('', `  ${t.caption}`);
        out.push(...alignTable(t.headers, t.rows).map((l) => `  ${l}`));
    }
    for (const b of report.blocks ?? [])
        out.push('', `  ${b.title}`, ...b.text
            .trimEnd()
            .split('\n')
            .map((l) => `    ${l}`));
    return out.join('\n');
}
/**
 * A table as aligned plain-text lines: the header, a rule, the rows (the first line of each cell).
 * `paint` may decorate a padded cell (colours on a terminal) without changing the widths.
 */
function alignTable(headers, rows, paint = (cell) => cell) {
    const first = (c) => (c ?? '').split('\n')[0];
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => first(r[i]).length)));
    const fmt = (r, decorate) => widths
        .map((w, i) => {
        const text = first(r[i]);
        const padded = i === widths.length - 1 ? text : text.padEnd(w);
        return decorate ? paint(padded, text) : padded;
    })
        .join('  ')
        .trimEnd();
    return [fmt(headers, false), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => fmt(r, true))];
}
const mark = (ok) => (ok ? 'pass' : 'FAIL');


/***/ })

};
