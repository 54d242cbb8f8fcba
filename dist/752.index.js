export const id = 752;
export const ids = [752];
export const modules = {

/***/ 5752:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   main: () => (/* binding */ main)
/* harmony export */ });
/* harmony import */ var _common_step_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5415);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1736);
/* harmony import */ var _settings_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8416);
/* harmony import */ var _stage_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3731);
/** render-config entry: inputs → settings → render (and plan) → outputs and job summary. */




async function main() {
    await (0,_common_step_js__WEBPACK_IMPORTED_MODULE_0__/* .step */ .PM)(async () => {
        const inputs = await (0,_common_step_js__WEBPACK_IMPORTED_MODULE_0__/* .readInputs */ .Ko)(_inputs_js__WEBPACK_IMPORTED_MODULE_1__.inputs);
        const log = (0,_common_step_js__WEBPACK_IMPORTED_MODULE_0__/* .runnerLogger */ .hB)();
        const settings = (0,_settings_js__WEBPACK_IMPORTED_MODULE_2__/* .renderSettings */ .c)(inputs);
        // Connection problems are input problems too: report them before rendering anything.
        // The SSH stack is loaded only when there are hosts to compare with.
        const connection = inputs.hosts.length > 0
            ? (await Promise.all(/* import() */[__webpack_require__.e(789), __webpack_require__.e(221)]).then(__webpack_require__.bind(__webpack_require__, 9221))).connectionFrom(inputs, log)
            : undefined;
        await (0,_common_step_js__WEBPACK_IMPORTED_MODULE_0__/* .finish */ .O9)(await (0,_stage_js__WEBPACK_IMPORTED_MODULE_3__/* .renderFiles */ .gt)(settings, connection, log));
    });
}


/***/ })

};
