import { CompositeTag } from '../../dicom/model/compositeObjectTags';

/**
 * Keys (8 hex digits, DICOM JSON) of the Grayscale Softcopy Presentation State attributes read and
 * written here, by PS3.6 keyword, beside the ones every composite object shares. Kept apart from the
 * viewer's `Tag` table, which lists what images need.
 */
export const PsTag = {
  ...CompositeTag,
  ReferencedFrameNumber: '00081160',
  // Image pixel geometry read from the referenced images.
  Rows: '00280010',
  Columns: '00280011',
  PixelSpacing: '00280030',
  ImagerPixelSpacing: '00181164',
  PixelAspectRatio: '00280034',
  // Display Shutter (PS3.3 C.7.6.11) and Presentation State Shutter (C.11.12).
  ShutterShape: '00181600',
  ShutterLeftVerticalEdge: '00181602',
  ShutterRightVerticalEdge: '00181604',
  ShutterUpperHorizontalEdge: '00181606',
  ShutterLowerHorizontalEdge: '00181608',
  CenterOfCircularShutter: '00181610',
  RadiusOfCircularShutter: '00181612',
  VerticesOfThePolygonalShutter: '00181620',
  ShutterPresentationValue: '00181622',
  // Modality LUT (C.11.1) and Softcopy VOI LUT (C.11.8).
  WindowCenter: '00281050',
  WindowWidth: '00281051',
  RescaleIntercept: '00281052',
  RescaleSlope: '00281053',
  RescaleType: '00281054',
  WindowCenterWidthExplanation: '00281055',
  VOILUTFunction: '00281056',
  ModalityLUTSequence: '00283000',
  LUTDescriptor: '00283002',
  LUTExplanation: '00283003',
  ModalityLUTType: '00283004',
  LUTData: '00283006',
  VOILUTSequence: '00283010',
  SoftcopyVOILUTSequence: '00283110',
  // Graphic Annotation (C.10.5).
  GraphicAnnotationSequence: '00700001',
  GraphicLayer: '00700002',
  BoundingBoxAnnotationUnits: '00700003',
  AnchorPointAnnotationUnits: '00700004',
  GraphicAnnotationUnits: '00700005',
  UnformattedTextValue: '00700006',
  TextObjectSequence: '00700008',
  GraphicObjectSequence: '00700009',
  BoundingBoxTopLeftHandCorner: '00700010',
  BoundingBoxBottomRightHandCorner: '00700011',
  BoundingBoxTextHorizontalJustification: '00700012',
  AnchorPoint: '00700014',
  AnchorPointVisibility: '00700015',
  GraphicDimensions: '00700020',
  NumberOfGraphicPoints: '00700021',
  GraphicData: '00700022',
  GraphicType: '00700023',
  GraphicFilled: '00700024',
  // Spatial Transformation (C.10.6).
  ImageRotation: '00700042',
  ImageHorizontalFlip: '00700041',
  // Displayed Area (C.10.4).
  DisplayedAreaTopLeftHandCorner: '00700052',
  DisplayedAreaBottomRightHandCorner: '00700053',
  DisplayedAreaSelectionSequence: '0070005A',
  GraphicLayerSequence: '00700060',
  GraphicLayerOrder: '00700062',
  GraphicLayerRecommendedDisplayGrayscaleValue: '00700066',
  GraphicLayerRecommendedDisplayRGBValue: '00700067',
  GraphicLayerDescription: '00700068',
  PresentationCreationDate: '00700082',
  PresentationCreationTime: '00700083',
  PresentationSizeMode: '00700100',
  PresentationPixelSpacing: '00700101',
  PresentationPixelAspectRatio: '00700102',
  PresentationPixelMagnificationRatio: '00700103',
  GraphicLayerRecommendedDisplayCIELabValue: '00700401',
  // Softcopy Presentation LUT (C.11.6).
  PresentationLUTSequence: '20500010',
  PresentationLUTShape: '20500020',
} as const;

/** Grayscale Softcopy Presentation State Storage (PS3.4 B.5). */
export const GSPS_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.11.1';
