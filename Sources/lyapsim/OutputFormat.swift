import ArgumentParser

enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json, csv
}
