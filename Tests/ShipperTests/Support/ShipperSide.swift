import Shipper

/// One test's collector side: a PKI (CA, server and collector certificates), a spool and a
/// captured log; the files are removed afterwards.
struct ShipperSide {
    let pki: TestPKI
    let spool: TestSpool
    let log: CapturingLog

    /// Runs `body` with a new PKI (`makePKI`, by default `TestPKI()`) and spool (`makeSpool`, by
    /// default `TestSpool()`), removing both afterwards.
    static func with<T>(pki makePKI: () throws -> TestPKI = { try TestPKI() }, spool makeSpool: () throws -> TestSpool = { try TestSpool() },
                        _ body: (ShipperSide) async throws -> T) async throws -> T {
        let pki = try makePKI()
        defer { pki.remove() }
        let spool = try makeSpool()
        defer { spool.remove() }
        return try await body(ShipperSide(pki: pki, spool: spool, log: CapturingLog()))
    }

    /// A shipper of the spool to the backend at `port` (see `testConfiguration`), logging into `log`.
    func shipper(port: Int, windowFrames: Int = 64, windowBytes: Int = 1 << 20) -> Shipper {
        let spool = self.spool
        return Shipper(configuration: testConfiguration(port: port, pki: pki, windowFrames: windowFrames, windowBytes: windowBytes),
                       spool: { spool.spool }, logger: log.logger())
    }

    /// Runs a new `shipper(port:…)` while `body` runs (see `withShipper`) and returns it, stopped,
    /// for what is checked afterwards.
    @discardableResult
    func ship(to port: Int, windowFrames: Int = 64, windowBytes: Int = 1 << 20,
              _ body: () async throws -> Void) async throws -> Shipper {
        let shipper = shipper(port: port, windowFrames: windowFrames, windowBytes: windowBytes)
        try await withShipper(shipper, body)
        return shipper
    }
}
