// Spawns and kills through the Agent Service with esw-ts's AgentService() factory, which resolves the
// service in the registry, and reads what it made through esw-ts's LocationService; prints one JSON
// object per step on stdout for EswTsAgentServiceIT to check. Usage: ESW_TS_TOKEN=<operator token>
// node --import ./register-hooks.mjs agent-check.mjs <registry host> <registry port> <agent prefix>
// <component name>.
import { writeFileSync } from 'node:fs'
import WebSocket from 'ws'

// esw-ts is written for browsers; Node 20 has fetch but no WebSocket.
globalThis.WebSocket = WebSocket

const [host, port, agentPrefix, componentName] = process.argv.slice(2)
// The registry's URL reaches esw-ts the way a deployed web app gives it: its config.js.
writeFileSync('config.js', `export const config = { locationUrl: 'http://${host}:${port}', taiOffset: 37 }\n`)
process.env.NODE_ENV = 'production'

const { loadGlobalConfig } = await import('@tmtsoftware/esw-ts/dist/src/config/GlobalConfig.js')
const { setAppName } = await import('@tmtsoftware/esw-ts/dist/src/config/AppName.js')
const { AgentService } = await import('@tmtsoftware/esw-ts/dist/src/clients/agent-service/AgentService.js')
const { LocationService } = await import('@tmtsoftware/esw-ts/dist/src/clients/location/LocationService.js')
const { AkkaConnection } = await import('@tmtsoftware/esw-ts/dist/src/clients/location/models/Connection.js')
const { ComponentId } = await import('@tmtsoftware/esw-ts/dist/src/models/ComponentId.js')
const { Prefix } = await import('@tmtsoftware/esw-ts/dist/src/models/params/Prefix.js')

setAppName('csw-contract-check')
await loadGlobalConfig()

const out = (step, result) => console.log(JSON.stringify({ step, result }))
const token = process.env.ESW_TS_TOKEN
const agentService = await AgentService({ tokenFactory: () => token, username: 'operator' })
const locationService = LocationService()
const agent = Prefix.fromString(agentPrefix)
const component = new Prefix(agent.subsystem, componentName)

out('agent', (await locationService.find(AkkaConnection(agent, 'Machine'))) ?? null)
out('spawn', await agentService.spawnSequenceComponent(agent, componentName))
// By prefix: the component kind decides whether it serves an akka or an http connection.
const registered = () => locationService.listByPrefix(component)
out('spawned', await registered())
out('status', await agentService.getAgentStatus())
out('kill', await agentService.killComponent(new ComponentId(component, 'SequenceComponent')))
// The agent unregisters what it killed; the registry read may lag that by a replication round.
let killed = await registered()
for (const deadline = Date.now() + 10000; killed.length > 0 && Date.now() < deadline; ) {
  await new Promise((resolve) => setTimeout(resolve, 100))
  killed = await registered()
}
out('killed', killed)
process.exit(0)
