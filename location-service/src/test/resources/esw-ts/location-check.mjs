// Drives a registry through esw-ts's LocationService, as an ESW web app would, and prints one JSON
// object per step on stdout for EswTsClientIT to check. Usage: node --import ./register-hooks.mjs
// location-check.mjs <registry host> <registry port> <name of an HTTP service registered by the test>
// <name of a component an agent owns>.
import WebSocket from 'ws'

// esw-ts is written for browsers; Node 20 has fetch but no WebSocket.
globalThis.WebSocket = WebSocket

const { LocationServiceInternal } = await import('@tmtsoftware/esw-ts/dist/src/clients/location/LocationService.js')
const { HttpConnection, AkkaConnection } = await import('@tmtsoftware/esw-ts/dist/src/clients/location/models/Connection.js')
const { Prefix } = await import('@tmtsoftware/esw-ts/dist/src/models/params/Prefix.js')
const { setAppName } = await import('@tmtsoftware/esw-ts/dist/src/config/AppName.js')

// Every esw-ts request names its application, as a web app does at start.
setAppName('csw-contract-check')

const [host, port, serviceName, spawnedName] = process.argv.slice(2)
const locationService = LocationServiceInternal(undefined, { host, port: Number(port) })
const postEndpoint = `http://${host}:${port}/post-endpoint`

const out = (step, result) => console.log(JSON.stringify({ step, result }))
const failure = (error) => ({ errorType: error.errorType, status: error.status, message: String(error.message) })
const names = (locations) => locations.map((l) => `${l.connection.prefix.toJSON ? l.connection.prefix.toJSON() : l.connection.prefix}`)
const within = (ms, what, promise) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms))])

const service = HttpConnection(Prefix.fromString(serviceName), 'Service')
const spawned = AkkaConnection(Prefix.fromString(spawnedName), 'SequenceComponent')

out('list', names(await locationService.list()))
out('listByComponentType', names(await locationService.listByComponentType('Service')))
out('listByConnectionType', names(await locationService.listByConnectionType('akka')))
out('listByPrefix', names(await locationService.listByPrefix(Prefix.fromString(serviceName))))
out('listByHostname', names(await locationService.listByHostname('127.0.0.1')))
out('find', await locationService.find(service))
out('findAbsent', (await locationService.find(HttpConnection(new Prefix('ESW', 'nobody'), 'Service'))) ?? null)

// Resolve waits: the name is registered (through the contract's Register, which esw-ts 0.4 lacks)
// while the resolve is under way.
const late = HttpConnection(new Prefix('ESW', 'late_service'), 'Service')
const resolving = locationService.resolve(late, 20, 'seconds')
const register = await fetch(postEndpoint, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({
    _type: 'Register',
    registration: { _type: 'HttpRegistration', connection: late, port: 4000, path: 'late', networkType: { _type: 'Inside' }, metadata: { PID: '7' } }
  })
})
out('register', { status: register.status, body: await register.json() })
out('resolve', await resolving)
out('resolveAbsent', (await locationService.resolve(HttpConnection(new Prefix('ESW', 'never'), 'Service'), 300, 'milliseconds')) ?? null)

// Track: the current state first, then the removal this client makes, then the socket is closed.
const events = []
let notify = () => {}
const subscription = locationService.track(late)(
  (event) => {
    events.push(event)
    notify()
  },
  (error) => out('trackError', failure(error))
)
const awaitEvents = (count) =>
  within(20000, `${count} tracking events`, new Promise((resolve) => {
    notify = () => events.length >= count && resolve()
    notify()
  }))
await awaitEvents(1)
out('unregister', await locationService.unregister(late))
await awaitEvents(2)
subscription.cancel()
out('track', events)

try {
  await locationService.unregister(spawned)
  out('unregisterSpawned', 'Done')
} catch (error) {
  out('unregisterSpawned', failure(error))
}
out('findSpawned', (await locationService.find(spawned)) ?? null)
process.exit(0)
