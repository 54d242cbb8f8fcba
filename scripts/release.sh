#!/usr/bin/env bash
# Cuts a release: scripts/release.sh X.Y.Z [--push]
#
# From a clean main whose dist/ is what the build makes of src/: moves CHANGELOG.md's "Unreleased" section under
# "X.Y.Z — <date>", sets package.json's version, commits, tags vX.Y.Z and moves the major tag (v0 for 0.x.y,
# which `uses: keel-dev/keel@v0` lines follow). With --push it pushes main and both tags; otherwise it prints
# the commands. The release notes are that CHANGELOG section (gh release create vX.Y.Z --notes-file ...).
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:-}
push=${2:-}
if ! [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "usage: scripts/release.sh X.Y.Z [--push]   (a semantic version, e.g. 0.2.0)" >&2
  exit 1
fi
tag="v$version"
major="v${version%%.*}"
[ "$(git rev-parse --abbrev-ref HEAD)" = main ] || { echo "release from main (on $(git rev-parse --abbrev-ref HEAD))" >&2; exit 1; }
[ -z "$(git status --porcelain)" ] || { echo "the working tree is not clean" >&2; exit 1; }
! git rev-parse -q --verify "refs/tags/$tag" >/dev/null || { echo "$tag exists already" >&2; exit 1; }
grep -q '^## Unreleased$' CHANGELOG.md || { echo "CHANGELOG.md has no '## Unreleased' section to release" >&2; exit 1; }

npm run build >/dev/null
[ -z "$(git status --porcelain dist action.yml actions)" ] || { echo "dist/ or action.yml is stale: run npm run build and commit" >&2; exit 1; }

today=$(date -u +%Y-%m-%d)
sed -i "s/^## Unreleased$/## Unreleased\n\n## $version — $today/" CHANGELOG.md
npm version "$version" --no-git-tag-version --allow-same-version >/dev/null
git add CHANGELOG.md package.json package-lock.json
git commit -q -m "Release $tag"
# The notes: the section just released.
awk -v v="## $version " 'index($0, v) == 1 { on = 1; next } on && /^## / { exit } on' CHANGELOG.md >".keel-release-notes.md"
git tag -a "$tag" --cleanup=verbatim -F .keel-release-notes.md
git tag -f -a "$major" -m "$major: the newest ${major}.x.y release ($tag)" >/dev/null
rm -f .keel-release-notes.md
echo "released $tag (and moved $major to it)"
if [ "$push" = --push ]; then
  git push origin main "$tag"
  git push --force origin "$major"
else
  echo "push with: git push origin main $tag && git push --force origin $major"
fi
