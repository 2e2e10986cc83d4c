// What the docs checks read from the sources: the error texts the plugins can
// show and the configuration keys their config.d.ts files declare.
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ts = require('typescript');

/** Errors whose message reaches a user: the REST API's (shown by the frontend) and start-up refusals. */
const ERROR_CLASSES = new Set([
  'Error',
  'InputError',
  'NotFoundError',
  'NotAllowedError',
  'ConflictError',
  'ServiceUnavailableError',
]);

/** A placeholder for the parts of a message filled in at run time. */
export const HOLE = '…';

function sourceFiles(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (
        !['__testUtils__', 'testUtils', '__fixtures__'].includes(entry.name)
      ) {
        files.push(...sourceFiles(full));
      }
    } else if (
      /\.tsx?$/.test(entry.name) &&
      !/\.test\.tsx?$/.test(entry.name) &&
      !entry.name.endsWith('.d.ts') &&
      entry.name !== 'setupTests.ts'
    ) {
      files.push(full);
    }
  }
  return files;
}

/** The text of a message expression, with run-time parts as HOLE; undefined when it is not text. */
function messageText(node) {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
    return node.text;
  if (ts.isTemplateExpression(node)) {
    return (
      node.head.text +
      node.templateSpans.map(span => HOLE + span.literal.text).join('')
    );
  }
  if (
    ts.isBinaryExpression(node) &&
    node.operatorToken.kind === ts.SyntaxKind.PlusToken
  ) {
    const left = messageText(node.left);
    const right = messageText(node.right);
    return (left ?? HOLE) + (right ?? HOLE);
  }
  if (ts.isParenthesizedExpression(node)) return messageText(node.expression);
  return undefined;
}

/** Collapses whitespace and runs of holes, so a message compares with its documented form. */
export function normaliseMessage(text) {
  return text
    .replace(/\s+/g, ' ')
    .replace(/…(\s*…)+/g, HOLE)
    .trim();
}

/**
 * Every error message constructed in plugins/<name>/src (tests left out),
 * as { message, file, line }. A message that is only a run-time value (e.g.
 * `new Error(String(error))`) has no text of its own and is skipped.
 */
export function collectErrorMessages(root) {
  const pluginsDir = path.join(root, 'plugins');
  const messages = [];
  for (const plugin of readdirSync(pluginsDir)) {
    const src = path.join(pluginsDir, plugin, 'src');
    if (!existsSync(src)) continue;
    for (const file of sourceFiles(src)) {
      const text = readFileSync(file, 'utf8');
      const source = ts.createSourceFile(
        file,
        text,
        ts.ScriptTarget.Latest,
        true,
        file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
      );
      const visit = node => {
        if (
          ts.isNewExpression(node) &&
          ts.isIdentifier(node.expression) &&
          ERROR_CLASSES.has(node.expression.text) &&
          node.arguments?.length
        ) {
          const message = messageText(node.arguments[0]);
          if (
            message !== undefined &&
            message.replace(/…/g, '').trim() !== ''
          ) {
            const { line } = source.getLineAndCharacterOfPosition(
              node.getStart(),
            );
            messages.push({
              message: normaliseMessage(message),
              file: path.relative(root, file),
              line: line + 1,
            });
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
  }
  return messages;
}

function docOf(node, source) {
  const docs = node.jsDoc ?? [];
  const text = docs
    .map(doc =>
      typeof doc.comment === 'string'
        ? doc.comment
        : ts.getTextOfJSDocComment(doc.comment) ?? '',
    )
    .join(' ');
  const visibility = docs
    .flatMap(doc => doc.tags ?? [])
    .find(tag => tag.tagName.text === 'visibility');
  return {
    description: text.replace(/\s+/g, ' ').trim(),
    visibility: visibility
      ? String(visibility.comment ?? '').trim()
      : 'backend',
  };
}

/** A key's type in a line: nested objects are `object`, their keys being listed on their own. */
function typeText(type, source) {
  if (ts.isTypeLiteralNode(type)) return 'object';
  if (ts.isArrayTypeNode(type))
    return `${typeText(type.elementType, source)}[]`;
  if (
    ts.isTypeReferenceNode(type) &&
    type.typeName.getText(source) === 'Array' &&
    type.typeArguments?.length === 1
  ) {
    return `${typeText(type.typeArguments[0], source)}[]`;
  }
  if (ts.isUnionTypeNode(type))
    return type.types.map(member => typeText(member, source)).join(' | ');
  if (ts.isParenthesizedTypeNode(type))
    return `(${typeText(type.type, source)})`;
  return type.getText(source).replace(/\s+/g, ' ');
}

/**
 * The configuration keys a config.d.ts declares, as dotted paths
 * (`streaming.aws.accounts[].regions`, `streaming.pricing.brokers.<instanceType>`),
 * each with its type, its documentation comment and its visibility.
 */
export function configEntries(configDtsPath) {
  const text = readFileSync(configDtsPath, 'utf8');
  const source = ts.createSourceFile(
    configDtsPath,
    text,
    ts.ScriptTarget.Latest,
    true,
  );
  const entries = [];
  const add = (key, member) => {
    entries.push({
      key,
      type: member.type ? typeText(member.type, source) : 'unknown',
      required:
        !member.questionToken && !ts.isIndexSignatureDeclaration(member),
      ...docOf(member, source),
    });
  };
  const walkType = (type, prefix) => {
    if (!type) return;
    if (ts.isTypeLiteralNode(type)) {
      for (const member of type.members) {
        if (ts.isPropertySignature(member) && member.name) {
          const name = member.name.getText(source).replace(/^['"]|['"]$/g, '');
          const key = prefix ? `${prefix}.${name}` : name;
          add(key, member);
          walkType(member.type, key);
        } else if (ts.isIndexSignatureDeclaration(member)) {
          const key = `${prefix}.<${member.parameters[0].name.getText(
            source,
          )}>`;
          add(key, member);
          walkType(member.type, key);
        }
      }
    } else if (ts.isUnionTypeNode(type)) {
      // Only object members of a union have keys of their own (e.g. { cron } | HumanDuration).
      for (const member of type.types) {
        if (ts.isTypeLiteralNode(member)) walkType(member, prefix);
      }
    } else if (ts.isArrayTypeNode(type)) {
      walkType(type.elementType, `${prefix}[]`);
    } else if (
      ts.isTypeReferenceNode(type) &&
      type.typeName.getText(source) === 'Array' &&
      type.typeArguments?.length === 1
    ) {
      walkType(type.typeArguments[0], `${prefix}[]`);
    } else if (ts.isParenthesizedTypeNode(type)) {
      walkType(type.type, prefix);
    }
  };
  ts.forEachChild(source, node => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'Config') {
      for (const member of node.members) {
        if (ts.isPropertySignature(member) && member.name) {
          const name = member.name.getText(source);
          add(name, member);
          walkType(member.type, name);
        }
      }
    }
  });
  return entries;
}

/** Every plugins/<name>/config.d.ts. */
export function configSchemaFiles(root) {
  const pluginsDir = path.join(root, 'plugins');
  return readdirSync(pluginsDir)
    .map(plugin => path.join(pluginsDir, plugin, 'config.d.ts'))
    .filter(file => existsSync(file) && statSync(file).isFile());
}
