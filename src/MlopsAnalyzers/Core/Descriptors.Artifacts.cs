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

    public static readonly DiagnosticDescriptor MLOPS101_HardCodedModelLocation = Create(
        RuleIdentifiers.HardCodedModelLocation,
        RuleCategories.Artifacts,
        RuleLevel.BuildWarning,
        title: "Hard-coded model location",
        messageFormat: "'{0}' is a hard-coded model location used by {1}: the code only works where that path or bucket exists and nothing records which version it holds; {2}",
        description: "A literal or constant cloud URI (s3://, gs://, https://), UNC path or absolute path flows, through locals, constants, concatenation, interpolation or Path.Combine, into Model.Save/Load, an ONNX export stream, PredictionEnginePool FromFile/FromUri, or a copy or upload of a model file. Models then live wherever someone wrote them by hand, unversioned. Relative paths and paths built from configuration are not flagged.");

    public static readonly DiagnosticDescriptor MLOPS102_ModelArtifactMovedByHand = Create(
        RuleIdentifiers.ModelArtifactMovedByHand,
        RuleCategories.Artifacts,
        RuleLevel.BuildWarning,
        title: "Model artifact moved by hand",
        messageFormat: "The model file is moved by hand with '{0}': nothing records which version went where or which one serves; {1}",
        description: "File.Copy/Move, a stream copy, an AWS S3 upload (TransferUtility.Upload, PutObject) or an Azure Blob upload of a file that Model.Save or ONNX export wrote in the same method, or of a file named like a model (.onnx, .mlnet, *model*.zip). Publishing models by copying files loses the link between a served model and how it was trained; a model registry versions it and moves an alias instead.");

    public static readonly DiagnosticDescriptor MLOPS103_ModelSavedWithoutVersionMetadata = Create(
        RuleIdentifiers.ModelSavedWithoutVersionMetadata,
        RuleCategories.Artifacts,
        RuleLevel.IdeSuggestion,
        title: "Model saved without version metadata",
        messageFormat: "The model is saved to a file and this method records nothing about it (version, training data, metrics, source commit); {0}",
        description: "Model.Save to a file path in a method that records no metadata: it calls no model registry or experiment tracker and writes no metadata file (File.Write*, a JSON serializer, or a method of its own named like Register/Metadata/Manifest/Version/Track). Which model is which can then only be guessed from file names and dates.");
}
