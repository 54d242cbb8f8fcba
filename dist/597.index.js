export const id = 597;
export const ids = [597];
export const modules = {

/***/ 4597:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   main: () => (/* binding */ main),
/* harmony export */   post: () => (/* binding */ post)
/* harmony export */ });
/* harmony import */ var _releases_lock_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8403);
/* harmony import */ var _common_connection_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7985);
/* harmony import */ var _common_step_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5415);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2685);
/* harmony import */ var _stage_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7178);
/** ssh-deploy entry: inputs → library → outputs and job summary. */





async function main() {
    await (0,_common_step_js__WEBPACK_IMPORTED_MODULE_2__/* .step */ .PM)(async () => {
        const inputs = (0,_common_step_js__WEBPACK_IMPORTED_MODULE_2__/* .readInputs */ .Ko)(_inputs_js__WEBPACK_IMPORTED_MODULE_3__.inputs);
        const log = (0,_common_step_js__WEBPACK_IMPORTED_MODULE_2__/* .runnerLogger */ .hB)();
        const checked = inputs.mode === 'check' ? undefined : (0,_stage_js__WEBPACK_IMPORTED_MODULE_4__/* .validateDeployInputs */ .rv)(inputs);
        const connection = (0,_common_connection_js__WEBPACK_IMPORTED_MODULE_1__.connectionFrom)(inputs, log);
        if (inputs.mode === 'check')
            return (0,_common_step_js__WEBPACK_IMPORTED_MODULE_2__/* .finish */ .O9)(await (0,_stage_js__WEBPACK_IMPORTED_MODULE_4__/* .checkHosts */ .GZ)(inputs, connection, log));
        const run = inputs.mode === 'deploy' ? _stage_js__WEBPACK_IMPORTED_MODULE_4__/* .deployRelease */ .H_ : _stage_js__WEBPACK_IMPORTED_MODULE_4__/* .rollbackRelease */ .w6;
        // With a watch, each host's lock is held from the deploy through the watch and any switch back.
        if (inputs.mode === 'deploy' && inputs.watch > 0)
            return (0,_common_step_js__WEBPACK_IMPORTED_MODULE_2__/* .finish */ .O9)(await (0,_releases_lock_js__WEBPACK_IMPORTED_MODULE_0__/* .holdLocksForRun */ .y6)(log, () => run(inputs, checked, connection, log)));
        return (0,_common_step_js__WEBPACK_IMPORTED_MODULE_2__/* .finish */ .O9)(await run(inputs, checked, connection, log));
    });
}
/** Post: release any deploy lock the main step still held (it was cancelled or crashed). */
async function post() {
    await (0,_common_step_js__WEBPACK_IMPORTED_MODULE_2__/* .step */ .PM)(() => (0,_stage_js__WEBPACK_IMPORTED_MODULE_4__/* .releaseLeftLocks */ .Pr)(() => (0,_common_step_js__WEBPACK_IMPORTED_MODULE_2__/* .readInputs */ .Ko)(_inputs_js__WEBPACK_IMPORTED_MODULE_3__.inputs), (0,_common_step_js__WEBPACK_IMPORTED_MODULE_2__/* .runnerLogger */ .hB)()));
}


/***/ })

};
