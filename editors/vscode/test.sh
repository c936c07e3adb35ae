#!/usr/bin/env bash
# The VS Code extension's checks: install the npm dev-dependencies from the
# committed package-lock.json, run the TextMate grammar's test cases
# (vscode-tmgrammar-test), and package the extension (@vscode/vsce) into
# rules-language.vsix. Node 20 and npm are all it needs; VS Code is not.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v npm > /dev/null; then
    echo "!!! SKIPPED: npm is not installed, so the VS Code extension was NOT checked:"
    echo "!!! its grammar tests did not run and it was not packaged."
    echo "!!! Install Node.js 20 or later with npm, then run editors/vscode/test.sh."
    exit 0
fi

echo "--- npm ci (editors/vscode)"
npm ci --no-audit --no-fund

echo "--- the grammar's test cases (vscode-tmgrammar-test)"
npx vscode-tmgrammar-test --grammar syntaxes/rules.tmLanguage.json 'test/grammar/*.test.rules'

echo "--- the client's JavaScript parses"
node --check extension.js

echo "--- package the extension (vsce)"
npx vsce package --skip-license --allow-missing-repository --out rules-language.vsix
test -s rules-language.vsix
# What the package holds: the client, its library, the grammar, the language
# configuration and the README.
listed=$(npx vsce ls 2> /dev/null)
for file in package.json extension.js README.md language-configuration.json \
    syntaxes/rules.tmLanguage.json node_modules/vscode-languageclient/node.js; do
    if ! grep -qx "$file" <<< "$listed"; then
        echo "the package lacks $file" >&2
        exit 1
    fi
done
echo "packaged editors/vscode/rules-language.vsix"
