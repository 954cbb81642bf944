import Foundation
import PalisadeSchedule
import Testing

private func utc(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }

@Suite struct CronExpressionTests {
    @Test func everySixHoursRunsAtTheNextMultipleOfSix() throws {
        let c = try CronExpression("0 */6 * * *")
        #expect(c.next(after: utc("2026-12-04T01:30:00Z")) == utc("2026-12-04T06:00:00Z"))
        #expect(c.next(after: utc("2026-12-04T06:00:00Z")) == utc("2026-12-04T12:00:00Z"), "strictly after")
        #expect(c.next(after: utc("2026-12-04T23:59:00Z")) == utc("2026-12-05T00:00:00Z"))
    }

    @Test func weekdaysMonthsNamesAndShorthands() throws {
        // 2026-12-04 is a Friday.
        #expect(try CronExpression("30 2 * * mon").next(after: utc("2026-12-04T00:00:00Z")) == utc("2026-12-07T02:30:00Z"))
        #expect(try CronExpression("0 9 * * 1-5").next(after: utc("2026-12-04T10:00:00Z")) == utc("2026-12-07T09:00:00Z"))
        #expect(try CronExpression("0 0 1 jan *").next(after: utc("2026-12-04T00:00:00Z")) == utc("2027-01-01T00:00:00Z"))
        #expect(try CronExpression("@daily").next(after: utc("2026-12-04T00:00:00Z")) == utc("2026-12-05T00:00:00Z"))
        #expect(try CronExpression("0 0 * * 7").next(after: utc("2026-12-04T00:00:00Z")) == utc("2026-12-06T00:00:00Z"),
                "7 is Sunday too")
        #expect(try CronExpression("5,35 * * * *").next(after: utc("2026-12-04T00:06:00Z")) == utc("2026-12-04T00:35:00Z"))
    }

    @Test func bothDayFieldsRestrictedMatchEitherAsInVixieCron() throws {
        // The 15th or any Monday, whichever is first: Monday the 7th.
        #expect(try CronExpression("0 0 15 * mon").next(after: utc("2026-12-04T00:00:00Z")) == utc("2026-12-07T00:00:00Z"))
    }

    @Test func aDateThatNeverComesHasNoNextRun() throws {
        #expect(try CronExpression("0 0 30 2 *").next(after: utc("2026-12-04T00:00:00Z")) == nil)
    }

    @Test func badExpressionsNameTheFieldAndWhy() {
        #expect(throws: CronExpression.ParseError.self) { try CronExpression("0 */6 * *") }
        do { _ = try CronExpression("0 25 * * *"); Issue.record("accepted hour 25") } catch {
            #expect(error.field == 2)
            #expect(error.message.contains("hour") && error.message.contains("0-23"), "\(error.message)")
        }
        do { _ = try CronExpression("0 0 * * funday"); Issue.record("accepted funday") } catch {
            #expect(error.field == 5 && error.message.contains("sun,mon"), "\(error.message)")
        }
        do { _ = try CronExpression("*/0 * * * *"); Issue.record("accepted step 0") } catch {
            #expect(error.message.contains("step"), "\(error.message)")
        }
        do { _ = try CronExpression("0 10-2 * * *"); Issue.record("accepted a backwards range") } catch {
            #expect(error.message.contains("backwards"), "\(error.message)")
        }
    }

    @Test func intervalsReadAndPrintInUnits() {
        #expect(Cadence.parseInterval("6h") == 21_600)
        #expect(Cadence.parseInterval("1h30m") == 5_400)
        #expect(Cadence.parseInterval("45s") == 45)
        #expect(Cadence.parseInterval("1d") == 86_400)
        #expect(Cadence.parseInterval("90") == 90)
        #expect(Cadence.parseInterval("6 hours") == nil)
        #expect(Cadence.parseInterval("h") == nil)
        #expect(Cadence.parseInterval("6h5") == nil)
        #expect(Cadence.format(seconds: 5_400) == "1h30m")
        #expect(Cadence.every(seconds: 21_600).description == "every 6h")
    }
}
