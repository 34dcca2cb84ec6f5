/// The order of the 16-bit registers of a 32- or 64-bit value.
///
/// `big` puts the most significant word at the lowest address (the Modbus convention, "ABCD" for a float32);
/// `little` puts the least significant word first (word-swapped, "CDAB"), as many PLCs (Modicon, Siemens
/// gateways) store 32-bit values.
public enum WordOrder: String, Sendable, Hashable, Codable, CaseIterable {
    case big, little
}

/// The order of the two bytes inside each 16-bit register.
///
/// `big` is the Modbus standard (most significant byte first on the wire). `little` swaps the bytes of each
/// register ("BADC" for a float32 in big word order, "DCBA" in little), as some devices do.
public enum ByteOrder: String, Sendable, Hashable, Codable, CaseIterable {
    case big, little
}
