import Testing
@testable import Collector

@Suite("clock-aligned schedule")
struct RunScheduleTests {
    let minute: Int64 = 1_700_000_040 * 1_000_000  // a whole minute since the epoch

    @Test func firstTicksAreGridPoints() throws {
        let schedule = Schedule(intervals: ["a": 10, "b": 60, "c": 15], nowMicros: minute + 3_000_000)
        let next = try #require(schedule.next())
        #expect(next.micros == minute + 10_000_000)
        #expect(next.families == ["a"])
        #expect(schedule.due["b"] == minute + 60_000_000)
        #expect(schedule.due["c"] == minute + 15_000_000)
        #expect(Schedule(intervals: ["a": 10], nowMicros: minute).next()?.micros == minute)
    }

    @Test func familiesSharingATickFireTogether() throws {
        var schedule = Schedule(intervals: ["a": 10, "b": 30], nowMicros: minute + 1)
        var fired: [[String]] = []
        for _ in 0..<6 {
            let (tick, families) = try #require(schedule.next())
            fired.append(families.sorted())
            schedule.advance(families, after: tick + 5_000)
        }
        #expect(fired == [["a"], ["a"], ["a", "b"], ["a"], ["a"], ["a", "b"]])
    }

    @Test func overrunSkipsMissedTicks() throws {
        var schedule = Schedule(intervals: ["a": 10], nowMicros: minute)
        let skipped = schedule.advance(["a"], after: minute + 35_000_000)
        #expect(skipped == 3)
        #expect(schedule.due["a"] == minute + 40_000_000)
    }

    @Test func emptyScheduleHasNoTick() {
        #expect(Schedule(intervals: [:], nowMicros: minute).next() == nil)
        #expect(Schedule.gridPoint(atOrAfter: 1, seconds: 1) == 1_000_000)
    }
}
