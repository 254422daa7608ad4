// esw-ts 0.4.x ships ES modules built for bundlers: no "type":"module" and import paths without
// extensions. Node loads them through these hooks: its files are modules, and an import without an
// extension resolves to the .js file (or the folder's index.js).
import { existsSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const ESW_TS = '/node_modules/@tmtsoftware/esw-ts/'

export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context)
  } catch (error) {
    for (const suffix of ['.js', '/index.js']) {
      try {
        return await next(specifier + suffix, context)
      } catch {
        // try the next form
      }
    }
    throw error
  }
}

export async function load(url, context, next) {
  if (url.includes(ESW_TS) && url.endsWith('.js')) {
    return next(url, { ...context, format: 'module' })
  }
  return next(url, context)
}
