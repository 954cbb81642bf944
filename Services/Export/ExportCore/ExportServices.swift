import Foundation
import Logging
import PalisadeExport
import PalisadeMessaging
import PalisadeModel
import PalisadeProtocol
import ServiceLifecycle

/// Everything palisade-export runs, built from its configuration: the sources that fill the outbox (the assessor's
/// log — which also writes the built-in findings files —, scoring's log, the graph's attack paths), one runner per
/// sink, and the automation engine.
public struct ExportServices {
    public let consumer: ExportConsumer
    public let sources: [any Service]
    public let sinks: [any Service]
    public let automation: AutomationEngine?
    public let router: Router
    public let signal: OutboxSignal

    public init(store: ExportStore, dataDirectory: URL, sender: any RequestSender, configFile: String?,
                logger: Logger, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let signal = OutboxSignal()
        self.signal = signal
        var config = ExportConfig(file: configFile)
        var configError: String?
        if let configFile {
            do { config = try ExportConfig.load(path: configFile) } catch {
                configError = error.description
                logger.error("export configuration unusable; no sink or automation runs until it is fixed",
                             metadata: ["error": "\(error)"])
            }
        }
        let context: FormatContext
        do { context = try FormatContext.builtIn() } catch {
            logger.error("check catalog unavailable; exports carry findings without check metadata", metadata: ["error": "\(error)"])
            context = FormatContext(checks: [:])
        }
        consumer = ExportConsumer(store: store, directory: dataDirectory, logger: logger, context: context,
                                  onOutbox: { signal.notify() })
        sources = [
            ScoringSource(store: store, sender: sender, logger: logger, onOutbox: { signal.notify() }),
            AttackPathSource(store: store, sender: sender, logger: logger, onOutbox: { signal.notify() }),
        ]
        var runners: [any Service] = []
        for sink in config.sinks where sink.enabled {
            let delivery: any SinkDelivery
            do {
                switch sink.destination {
                case .file(let f): delivery = FileDelivery(config: f, store: store, context: context)
                case .syslog(let s): delivery = try SyslogDelivery(config: s, context: context)
                case .webhook(let w):
                    delivery = WebhookDelivery(sinkName: sink.name, config: w, context: context, dataDirectory: dataDirectory,
                                               environment: environment)
                case .securityhub(let h):
                    delivery = SecurityHubDelivery(sinkName: sink.name, config: h, sender: sender, store: store, context: context)
                }
            } catch {
                logger.error("sink not started", metadata: ["sink": "\(sink.name)", "error": "\(error)"])
                continue
            }
            var sinkLogger = logger
            sinkLogger[metadataKey: "sink"] = "\(sink.name)"
            runners.append(SinkRunner(sink: sink, delivery: delivery, store: store, signal: signal, logger: sinkLogger))
        }
        sinks = runners
        if config.automations.isEmpty && config.ticketing == nil {
            automation = nil
        } else {
            let actions = ActionRunner(config: config, store: store, sender: sender, context: context, logger: logger,
                                       environment: environment)
            automation = AutomationEngine(rules: config.automations, store: store, actions: actions, signal: signal,
                                          logger: logger)
        }
        let fixes = FixDesk(store: store, sender: sender, logger: logger)
        do { try fixes.recover() } catch {
            logger.error("cannot mark interrupted fix runs", metadata: ["error": "\(error)"])
        }
        router = ExportHandlers.router(store: store, config: config, configError: configError, context: context,
                                       automation: automation, fixes: fixes)
    }
}
