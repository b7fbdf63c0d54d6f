namespace MlopsAnalyzers;

/// <summary>
/// The default level of a rule encodes how sure it is. Only rules that are right on real code nearly every time warn
/// in the build; medium-precision rules are IDE suggestions; heuristics ship disabled and are opted into.
/// </summary>
internal enum RuleLevel
{
    /// <summary>Near-certain: a warning in the IDE and in <c>dotnet build</c>.</summary>
    BuildWarning,

    /// <summary>Medium precision: an IDE suggestion (severity Info), not shown by <c>dotnet build</c> by default.</summary>
    IdeSuggestion,

    /// <summary>A heuristic: off unless enabled in <c>.editorconfig</c> or by a preset.</summary>
    Disabled,
}
