export const id = 887;
export const ids = [887];
export const modules = {

/***/ 6887:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   startDeployment: () => (/* binding */ startDeployment)
/* harmony export */ });
/* harmony import */ var _actions_common_core_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1442);
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2413);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/**
 * GitHub Deployments for a keel deploy: a deployment for the commit and environment, `in_progress` while it
 * runs, then `success` (with the environment URL) or `failure`. The API being down never fails a deploy that
 * worked: problems become warnings.
 */



async function startDeployment(o) {
    const { owner, repo } = _actions_github__WEBPACK_IMPORTED_MODULE_1__/* .context */ ._.repo;
    const octokit = _actions_github__WEBPACK_IMPORTED_MODULE_1__/* .getOctokit */ .Q(o.token);
    const logUrl = `${_actions_github__WEBPACK_IMPORTED_MODULE_1__/* .context */ ._.serverUrl}/${owner}/${repo}/actions/runs/${_actions_github__WEBPACK_IMPORTED_MODULE_1__/* .context */ ._.runId}`;
    try {
        const created = await octokit.rest.repos.createDeployment({
            owner,
            repo,
            ref: _actions_github__WEBPACK_IMPORTED_MODULE_1__/* .context */ ._.sha || _actions_github__WEBPACK_IMPORTED_MODULE_1__/* .context */ ._.ref,
            environment: o.environment,
            description: o.description,
            auto_merge: false,
            required_contexts: [],
            production_environment: /^prod/i.test(o.environment),
        });
        if (created.status !== 201 || !('id' in created.data)) {
            _actions_common_core_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`GitHub did not create a deployment (${created.status}); continuing without one`, {
                title: 'keel: github-deployment',
            });
            return undefined;
        }
        const id = created.data.id;
        await octokit.rest.repos.createDeploymentStatus({
            owner,
            repo,
            deployment_id: id,
            state: 'in_progress',
            log_url: logUrl,
            description: o.description,
        });
        _actions_common_core_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`GitHub deployment ${id} for ${o.environment}: in progress`);
        return {
            id,
            async finish(ok, description) {
                try {
                    await octokit.rest.repos.createDeploymentStatus({
                        owner,
                        repo,
                        deployment_id: id,
                        state: ok ? 'success' : 'failure',
                        log_url: logUrl,
                        description: description.slice(0, 140),
                        ...(ok && o.environmentUrl ? { environment_url: o.environmentUrl } : {}),
                        auto_inactive: true,
                    });
                }
                catch (error) {
                    _actions_common_core_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`could not set the GitHub deployment status: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)}`, {
                        title: 'keel: github-deployment',
                    });
                }
            },
        };
    }
    catch (error) {
        _actions_common_core_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`could not create a GitHub deployment: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)}; continuing without one`, {
            title: 'keel: github-deployment',
        });
        return undefined;
    }
}


/***/ })

};
