using Microsoft.CodeAnalysis;

namespace MlopsAnalyzers;

public static partial class Descriptors
{
    public static readonly DiagnosticDescriptor MLOPS104_ModelSavedWithoutSchema = Create(
        RuleIdentifiers.ModelSavedWithoutSchema,
        RuleCategories.Artifacts,
        RuleLevel.BuildWarning,
        title: "Model saved without its input schema",
        messageFormat: "The model is saved with a null input schema: serving code cannot validate its inputs against the schema the model was trained on",
        description: "ModelOperationsCatalog.Save(model, inputSchema, path) stores the input schema next to the model. With null, the saved model carries no signature, so a loader cannot check that the data it is given has the columns and types the model expects. Pass the Schema of the data the model was fitted on.");
}
