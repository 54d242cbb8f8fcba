export const id = 298;
export const ids = [298];
export const modules = {

/***/ 1298:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   main: () => (/* binding */ main)
/* harmony export */ });
/* harmony import */ var _releases_processes_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(955);
/* harmony import */ var _common_connection_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9221);
/* harmony import */ var _common_step_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5415);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(118);
/* harmony import */ var _settings_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1262);
/* harmony import */ var _stage_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9366);
/** reload-graceful entry: inputs → settings → the reload → outputs and job summary. */






async function main() {
    await (0,_common_step_js__WEBPACK_IMPORTED_MODULE_2__/* .step */ .PM)(async () => {
        const inputs = await (0,_common_step_js__WEBPACK_IMPORTED_MODULE_2__/* .readInputs */ .Ko)(_inputs_js__WEBPACK_IMPORTED_MODULE_3__.inputs);
        const log = (0,_common_step_js__WEBPACK_IMPORTED_MODULE_2__/* .runnerLogger */ .hB)();
        const settings = (0,_settings_js__WEBPACK_IMPORTED_MODULE_4__/* .reloadSettings */ .$D)(inputs);
        const connection = (0,_common_connection_js__WEBPACK_IMPORTED_MODULE_1__.connectionFrom)(inputs, log);
        (0,_releases_processes_js__WEBPACK_IMPORTED_MODULE_0__/* .checkSingletonHosts */ .Fj)(settings.options.processes ?? [], connection.endpoints.map((e) => e.name));
        return (0,_common_step_js__WEBPACK_IMPORTED_MODULE_2__/* .finish */ .O9)(await (0,_stage_js__WEBPACK_IMPORTED_MODULE_5__/* .reloadService */ .T)(settings, connection, log));
    });
}


/***/ })

};
