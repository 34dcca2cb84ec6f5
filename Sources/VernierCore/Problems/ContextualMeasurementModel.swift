/// A ``MeasurementModel`` whose evaluation depends on a context value (a JPA's target frequency): the hook that
/// lets an I/O backend write the context to the machine and compute the evaluation at it.
///
/// The backend writes the context (when the map has a register for it), writes the parameters, reads the
/// readings and calls ``evaluation(readings:parameters:context:)`` with the context the machine holds. The
/// model's own `evaluate(_:context:)` should compute its result the same way.
public protocol ContextualMeasurementModel: ContextualOptimizable, MeasurementModel {
    /// The context the model is at now: the one `evaluate(_:)` and the RL view use (GHz for a JPA target).
    var context: Double { get }

    /// The evaluation when the machine, at `context` and set to `parameters`, shows `readings`.
    ///
    /// - Parameters:
    ///   - readings: one value per ``MeasurementModel/readingNames`` entry, same order.
    ///   - parameters: the settings in force (parameter order, physical units).
    ///   - context: the context in force, within ``ContextualOptimizable/contextRange``.
    func evaluation(readings: [Double], parameters: [Double], context: Double) throws -> Evaluation
}

extension ContextualMeasurementModel {
    /// No constraints unless the model lists some (settles which of the two refined protocols' defaults applies).
    public var constraints: [Constraint] { [] }
}
