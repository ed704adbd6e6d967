import CFuzzDriver
import WireFuzzing

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.batch.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

// SwiftPM renames an executable's main to <target>_main; hand control to libFuzzer's driver.
@_cdecl("FuzzBatch_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) }
}
