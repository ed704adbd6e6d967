extension FamilyCatalog {
    /// Every family the collector sends, with the columns and wire types its samplers produce
    /// (read from the collector's sampler definitions: `Sources/Collector/Samplers/Postgres/Families`,
    /// `Sources/Collector/Host`, `CollectorEvent`). docs/schema.md lists them.
    public static let standard = FamilyCatalog(postgresFamilies + hostFamilies)
}
