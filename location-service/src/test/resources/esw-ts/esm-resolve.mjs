// esw-ts 0.4.x ships ES modules built for bundlers: no "type":"module" and import paths without
// extensions. Node loads them through these hooks: its files are modules, and an import without an
// extension resolves to the .js file (or the folder's index.js). An app's '/config.js' (which a
// static server serves at the root of a web app, and esw-ts's loadGlobalConfig imports) is the
// config.js of the working directory.
import { pathToFileURL } from 'node:url'

const ESW_TS = '/node_modules/@tmtsoftware/esw-ts/'

export async function resolve(specifier, context, next) {
  if (specifier === '/config.js') {
    return next(pathToFileURL(`${process.cwd()}/config.js`).href, context)
  }
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
