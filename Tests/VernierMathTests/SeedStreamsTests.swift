import Testing
import VernierMath

@Suite("SeedStreams")
struct SeedStreamsTests {
    @Test("derived seeds are SplitMix64(seed ⊕ tag), pinned against an independent computation (Python integers)")
    func referenceValues() {
        // python3: z = (seed ^ tag) + 0x9E3779B97F4A7C15; z = (z ^ z>>30) * 0xBF58476D1CE4E5B9;
        //          z = (z ^ z>>27) * 0x94D049BB133111EB; z ^ z>>31  (all mod 2⁶⁴)
        #expect(SeedStreams.seed(0, for: .optimizer) == 0xFC89_1E0E_6B9B_15A2)
        #expect(SeedStreams.seed(1, for: .optimizer) == 0x2399_0561_2F97_11E2)
        #expect(SeedStreams.seed(42, for: .optimizer) == 0x6AD0_C441_5DB7_C6E3)
        #expect(SeedStreams.seed(1, for: .learner) == 0xD4BA_F490_AC28_EFC0)
        #expect(SeedStreams.seed(42, for: .auxiliary) == 0x82D3_B348_CB66_60CA)
    }

    @Test("each consumer's stream differs from the plant's (the seed itself) and from the others'")
    func independentStreams() {
        for seed: UInt64 in [0, 1, 2, 7, 1_000_000, .max] {
            let derived = SeedStreams.Consumer.allCases.map { SeedStreams.seed(seed, for: $0) }
            #expect(!derived.contains(seed))
            #expect(Set(derived).count == derived.count)
            var plant = SeededGenerator(seed: seed)
            var optimizer = SeededGenerator(seed: derived[0])
            #expect(plant.next() != optimizer.next())
        }
        // Distinct seeds give distinct derived seeds (the mix is a bijection).
        let many = (0..<10_000).map { SeedStreams.seed(UInt64($0), for: .optimizer) }
        #expect(Set(many).count == many.count)
    }
}
