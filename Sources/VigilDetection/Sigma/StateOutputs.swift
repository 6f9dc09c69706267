/// The needles each state reports, built as lists and then packed into one array with offsets (so a scan
/// reads flat arrays only).
struct StateOutputs: Sendable {
    private var lists: [[Int32]] = [[]]
    private var start: [Int32] = []
    private var ids: [Int32] = []

    var count: Int { lists.isEmpty ? start.count - 1 : lists.count }

    mutating func addState() { lists.append([]) }
    mutating func add(_ id: Int32, to state: Int32) { lists[Int(state)].append(id) }
    func isEmptyWhileBuilding(_ state: Int32) -> Bool { lists[Int(state)].isEmpty }

    /// Packs the lists; no state can be added afterwards.
    mutating func pack() {
        start = [0]
        start.reserveCapacity(lists.count + 1)
        for list in lists {
            ids += list
            start.append(Int32(ids.count))
        }
        lists = []
    }

    @inline(__always)
    func isEmpty(_ state: Int32) -> Bool { start[Int(state)] == start[Int(state) + 1] }

    @inline(__always)
    func forEach(_ state: Int32, _ body: (Int32) -> Void) {
        var k = Int(start[Int(state)])
        let end = Int(start[Int(state) + 1])
        while k < end {
            body(ids[k])
            k += 1
        }
    }
}
