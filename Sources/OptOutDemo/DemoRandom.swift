import Foundation
import OptOutKit

/// SplitMix64: a small seeded generator whose numbers are the same on every machine. The helpers
/// below derive every choice from `next()` alone, so no standard-library algorithm that might change
/// between Swift versions decides the output.
struct DemoRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A whole number in `range` (multiply-shift; the bias is far below what a demo could show).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next().multipliedFullWidth(by: span).high)
    }

    /// True `percent` times in a hundred.
    mutating func percent(_ percent: Int) -> Bool { int(0...99) < percent }

    /// One of `items`, or `fallback` when there are none.
    mutating func pick<T>(_ items: [T], else fallback: T) -> T {
        guard !items.isEmpty else { return fallback }
        return items[int(0...(items.count - 1))]
    }

    mutating func pick(_ items: [String]) -> String { pick(items, else: "") }

    /// An index chosen in proportion to `weights` (`nil` when they add up to nothing).
    mutating func index(weightedBy weights: [Int]) -> Int? {
        let total = weights.reduce(0) { $0 + max($1, 0) }
        guard total > 0 else { return nil }
        var roll = int(0...(total - 1))
        for (index, weight) in weights.enumerated() where weight > 0 {
            if roll < weight { return index }
            roll -= weight
        }
        return nil
    }

    /// `count` distinct indices of `0..<size`, in random order.
    mutating func sample(_ count: Int, of size: Int) -> [Int] {
        var indices = Array(0..<size)
        let count = min(max(count, 0), size)
        for i in 0..<count {
            indices.swapAt(i, int(i...(size - 1)))
        }
        return Array(indices[0..<count])
    }

    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, int(0...i))
        }
    }
}
